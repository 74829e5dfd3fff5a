package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.AbandonedException;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.observability.Observability;
import dev.fieldops.test.PrometheusText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandMetricsTest {

  record ResolveTicket(String ticketId) {}

  record CloseTicket(String ticketId) {}

  private static final CommandHandler<ResolveTicket, String> RESOLVE =
      command ->
          switch (command.ticketId()) {
            case "closed" -> throw new RuleViolationException("TICKET_ALREADY_CLOSED", "closed");
            case "stale" -> throw ConcurrencyConflictException.etagMismatch("ticket", "stale");
            case "absent" -> throw NotFoundException.of("ticket", "absent");
            case "bug" -> throw new IllegalStateException("a bug");
            case "late" ->
                throw new AbandonedException(AbandonedException.Why.DEADLINE_PASSED, "too late");
            default -> "resolved " + command.ticketId();
          };

  @Test
  void every_command_is_timed_by_its_name_and_what_the_domain_answered() {
    try (var observability = Observability.inMemory("support")) {
      var resolve =
          CommandDecorator.apply(
              RESOLVE, List.of(new CommandMetrics(observability.meterRegistry())));

      assertThat(resolve.handle(new ResolveTicket("t-1"))).isEqualTo("resolved t-1");
      resolve.handle(new ResolveTicket("t-2"));
      for (String failing : List.of("closed", "stale", "absent", "bug", "late")) {
        assertThatThrownBy(() -> resolve.handle(new ResolveTicket(failing)))
            .isInstanceOf(RuntimeException.class);
      }

      var metrics = PrometheusText.parse(observability.scrape());
      assertThat(count(metrics, "ResolveTicket", "ok")).isEqualTo(2.0);
      assertThat(count(metrics, "ResolveTicket", "rejected")).isEqualTo(1.0);
      assertThat(count(metrics, "ResolveTicket", "conflict")).isEqualTo(1.0);
      assertThat(count(metrics, "ResolveTicket", "not_found")).isEqualTo(1.0);
      assertThat(count(metrics, "ResolveTicket", "error")).isEqualTo(1.0);
      assertThat(count(metrics, "ResolveTicket", "abandoned")).isEqualTo(1.0);
      assertThat(
              metrics.value(
                  "fieldops_command_duration_seconds_bucket",
                  Map.of("command", "ResolveTicket", "outcome", "ok", "le", "+Inf")))
          .contains(2.0);
      // Outcomes that never happened add no series.
      assertThat(
              metrics.find(
                  "fieldops_command_duration_seconds_count",
                  Map.of("command", "ResolveTicket", "outcome", "denied")))
          .isEmpty();
    }
  }

  @Test
  void commands_of_different_kinds_are_told_apart() {
    try (var observability = Observability.inMemory("support")) {
      var metrics = new CommandMetrics(observability.meterRegistry());
      CommandHandler<CloseTicket, String> close = command -> "closed";
      metrics.decorate(close).handle(new CloseTicket("t-1"));
      metrics.decorate(RESOLVE).handle(new ResolveTicket("t-1"));

      var scraped = PrometheusText.parse(observability.scrape());
      assertThat(count(scraped, "CloseTicket", "ok")).isEqualTo(1.0);
      assertThat(count(scraped, "ResolveTicket", "ok")).isEqualTo(1.0);
    }
  }

  private static double count(PrometheusText metrics, String command, String outcome) {
    return metrics
        .value(
            "fieldops_command_duration_seconds_count",
            Map.of("command", command, "outcome", outcome, "service", "support"))
        .orElse(0.0);
  }
}
