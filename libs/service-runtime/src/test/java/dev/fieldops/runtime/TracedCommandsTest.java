package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.NotFoundException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracedCommandsTest {

  record OpenTicket(String title) {}

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void each_command_runs_in_a_span_named_after_its_type() {
    CommandHandler<OpenTicket, String> handler =
        CommandDecorator.apply(
            command -> Span.current().getSpanContext().getSpanId(),
            List.of(new TracedCommands(sdk)));

    String spanIdInside = handler.handle(new OpenTicket("freezer"));

    assertThat(spans.getFinishedSpanItems())
        .singleElement()
        .satisfies(
            span -> {
              assertThat(span.getName()).isEqualTo("OpenTicket");
              assertThat(span.getSpanId()).isEqualTo(spanIdInside);
              assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            });
  }

  @Test
  void a_refusal_of_the_domain_is_recorded_but_is_no_error_and_a_failure_is() {
    CommandHandler<OpenTicket, String> refusing =
        new TracedCommands(sdk)
            .decorate(
                command -> {
                  throw NotFoundException.of("ticket", "7");
                });
    CommandHandler<OpenTicket, String> failing =
        new TracedCommands(sdk)
            .decorate(
                command -> {
                  throw new IllegalStateException("bug");
                });

    assertThatThrownBy(() -> refusing.handle(new OpenTicket("a")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> failing.handle(new OpenTicket("b")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(spans.getFinishedSpanItems())
        .extracting(span -> span.getStatus().getStatusCode())
        .containsExactly(StatusCode.UNSET, StatusCode.ERROR);
    assertThat(spans.getFinishedSpanItems()).allSatisfy(s -> assertThat(s.getEvents()).hasSize(1));
  }
}
