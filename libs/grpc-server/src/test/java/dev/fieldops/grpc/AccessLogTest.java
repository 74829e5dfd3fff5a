package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;
import dev.fieldops.kernel.Principal.Role;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The access log renders as one JSON line per call through the shared logback include. */
class AccessLogTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final JsonMapper json = JsonMapper.builder().build();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private Logger accessLogger;
  private Appender<ILoggingEvent> capture;
  private TestAuth auth;
  private InProcessEcho server;

  @BeforeEach
  void captureAccessLog() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    capture = new JsonLines(encoder, lines);
    capture.setContext(context);
    capture.start();
    accessLogger = context.getLogger(AccessLogInterceptor.LOGGER_NAME);
    accessLogger.setLevel(Level.INFO);
    accessLogger.addAppender(capture);
    auth = TestAuth.create();
    server = new InProcessEcho(auth, Map.of());
  }

  @AfterEach
  void release() throws Exception {
    server.close();
    auth.close();
    accessLogger.detachAppender(capture);
    capture.stop();
  }

  @Test
  void each_call_is_one_json_line_with_method_status_duration_peer_subject_and_ids()
      throws Exception {
    Metadata headers = new Metadata();
    headers.put(CallTrace.REQUEST_ID_HEADER, "req-abc-1");
    headers.put(CallTrace.TRACEPARENT_HEADER, TRACEPARENT);

    TestAuth.withToken(EchoServiceGrpc.newBlockingStub(server.channel), auth.staff(Role.ADMIN))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .echo(EchoRequest.newBuilder().setText("hi").build());

    await().atMost(Duration.ofSeconds(5)).until(() -> !lines.isEmpty());
    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst()).doesNotContain("\n").endsWith("}");
    JsonNode line = json.readTree(lines.getFirst());
    assertThat(line.get("method").asString())
        .isEqualTo("fieldops.grpc.testing.v1.EchoService/Echo");
    assertThat(line.get("status").asString()).isEqualTo("OK");
    assertThat(line.get("duration_ms").isNumber()).isTrue();
    assertThat(line.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(0.0);
    assertThat(line.get("peer").asString()).isNotBlank();
    assertThat(line.get("subject").asString()).isEqualTo("agent-1");
    assertThat(line.get("request_id").asString()).isEqualTo("req-abc-1");
    assertThat(line.get("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.get("logger_name").asString()).isEqualTo("dev.fieldops.grpc.access");
  }

  @Test
  void a_refused_call_is_logged_with_its_status_and_reason_and_a_generated_request_id()
      throws Exception {
    assertThatExceptionOfType(StatusRuntimeException.class)
        .isThrownBy(
            () ->
                EchoServiceGrpc.newBlockingStub(server.channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .echo(EchoRequest.newBuilder().setText("hi").build()));

    await().atMost(Duration.ofSeconds(5)).until(() -> !lines.isEmpty());
    JsonNode line = json.readTree(lines.getFirst());
    assertThat(line.get("status").asString()).isEqualTo("UNAUTHENTICATED");
    assertThat(line.get("error_reason").asString()).isEqualTo("CREDENTIALS_MISSING");
    assertThat(line.has("subject")).isFalse();
    assertThat(line.get("request_id").asString()).matches("[0-9a-f-]{36}");
    assertThat(line.has("trace_id")).isFalse();
  }

  @Test
  void the_shared_logback_include_configures_a_json_console_appender() throws Exception {
    LoggerContext isolated = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(isolated);
    String config =
        """
        <configuration>
          <include resource="dev/fieldops/grpc/logback-json.xml"/>
          <root level="INFO"><appender-ref ref="FIELDOPS_JSON"/></root>
        </configuration>
        """;
    configurator.doConfigure(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));

    Appender<ILoggingEvent> appender =
        isolated.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("FIELDOPS_JSON");
    assertThat(appender).isInstanceOf(OutputStreamAppender.class);
    Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) appender).getEncoder();
    assertThat(encoder).isInstanceOf(LogstashEncoder.class);
    isolated.stop();
  }

  /** Encodes each event at once (the MDC is read on the logging thread, as in production). */
  private static final class JsonLines extends AppenderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> encoder;
    private final List<String> lines;

    JsonLines(Encoder<ILoggingEvent> encoder, List<String> lines) {
      this.encoder = encoder;
      this.lines = lines;
    }

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8).strip());
    }
  }
}
