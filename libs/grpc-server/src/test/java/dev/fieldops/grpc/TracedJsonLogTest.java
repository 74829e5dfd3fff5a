package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The services' appender, FIELDOPS_JSON_TRACED, puts the current span's ids on a line logged on any
 * thread, also where the platform did not put them into the MDC itself.
 */
class TracedJsonLogTest {

  @Test
  void a_line_logged_under_a_span_carries_its_trace_and_span() throws Exception {
    LoggerContext isolated = new LoggerContext();
    // As the real context has: the MDC of the logging thread.
    isolated.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(isolated);
    String config =
        """
        <configuration>
          <include resource="dev/fieldops/grpc/logback-json.xml"/>
          <root level="INFO"><appender-ref ref="FIELDOPS_JSON_TRACED"/></root>
        </configuration>
        """;
    configurator.doConfigure(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
    Appender<ILoggingEvent> traced =
        isolated.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("FIELDOPS_JSON_TRACED");
    @SuppressWarnings("unchecked")
    var attachable = (AppenderAttachable<ILoggingEvent>) traced;
    assertThat(attachable.getAppender("FIELDOPS_JSON")).isNotNull();
    // Capture what the wrapper hands on instead of printing it.
    List<Map<String, String>> lines = new CopyOnWriteArrayList<>();
    attachable.detachAppender("FIELDOPS_JSON");
    var capture =
        new AppenderBase<ILoggingEvent>() {
          @Override
          protected void append(ILoggingEvent event) {
            lines.add(Map.copyOf(event.getMDCPropertyMap()));
          }
        };
    capture.setContext(isolated);
    capture.start();
    attachable.addAppender(capture);

    var span =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    try (Scope ignored = Span.wrap(span).makeCurrent()) {
      isolated.getLogger("dev.fieldops.test").info("inside");
    }
    isolated.getLogger("dev.fieldops.test").info("outside");
    isolated.stop();

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .containsEntry("trace_id", "0af7651916cd43dd8448eb211c80319c")
        .containsEntry("span_id", "b7ad6b7169203331");
    assertThat(lines.get(1)).doesNotContainKey("trace_id");
  }
}
