package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.observability.Observability;
import dev.fieldops.test.PrometheusText;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountedFiguresTest {

  @Test
  void a_scrape_serves_what_the_job_counted_last() {
    try (var observability = Observability.inMemory("support")) {
      var figures = new CountedFigures(observability.meterRegistry());
      var open = figures.gauge("fieldops.support.tickets", "tickets", Tags.of("status", "OPEN"));
      var breaches = figures.total("fieldops.support.sla.breaches", "breaches", Tags.empty());
      var job =
          CountedFigures.job(
              "support-figures",
              Map.of(),
              () -> {
                open.set(3);
                breaches.set(5);
              });

      assertThat(job.exclusive()).isFalse();
      assertThat(job.interval()).isEqualTo(CountedFigures.DEFAULT_INTERVAL);
      var before = PrometheusText.parse(observability.scrape());
      assertThat(before.value("fieldops_support_tickets", Map.of("status", "OPEN"))).contains(0.0);

      job.task().run();

      var after = PrometheusText.parse(observability.scrape());
      assertThat(after.value("fieldops_support_tickets", Map.of("status", "OPEN"))).contains(3.0);
      assertThat(after.value("fieldops_support_sla_breaches_total", Map.of())).contains(5.0);
    }
  }

  @Test
  void the_interval_comes_from_the_environment() {
    assertThat(CountedFigures.job("figures", Map.of("FIGURES_INTERVAL", "2s"), () -> {}).interval())
        .isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(
            () -> CountedFigures.job("figures", Map.of("FIGURES_INTERVAL", "soon"), () -> {}))
        .hasMessageContaining("FIGURES_INTERVAL");
  }
}
