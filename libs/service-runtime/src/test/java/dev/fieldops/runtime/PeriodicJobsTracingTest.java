package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Each run of a job is a trace of its own, and what it logs names the job and that trace. */
class PeriodicJobsTracingTest {

  @Test
  void a_run_has_its_span_and_its_log_lines_carry_the_job_and_the_trace() {
    var spans = InMemorySpanExporter.create();
    try (var sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build()) {
      var mdc = new AtomicReference<Map<String, String>>();
      var job =
          PeriodicJob.perInstance(
              "checkpoint", Duration.ofMinutes(1), () -> mdc.set(MDC.getCopyOfContextMap()));
      var jobs = new PeriodicJobs(null, List.of(job), sdk);

      assertThat(jobs.runOnce(job)).isTrue();

      var span = spans.getFinishedSpanItems().get(0);
      assertThat(span.getName()).isEqualTo("job checkpoint");
      assertThat(mdc.get())
          .containsEntry(PeriodicJobs.MDC_JOB, "checkpoint")
          .containsEntry("trace_id", span.getTraceId())
          .containsEntry("span_id", span.getSpanId());
      assertThat(MDC.get(PeriodicJobs.MDC_JOB)).as("restored after the run").isNull();
    }
  }
}
