package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.test.TestDatabase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transactor, as the single owner of transactions, gives each outermost one its span. */
class TransactionSpanIT {

  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static TestDatabase testDatabase;
  private static OpenTelemetrySdk sdk;
  private static Database database;

  @BeforeAll
  static void start() {
    testDatabase = TestDatabase.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    database =
        Database.start(
            DatabaseConfig.forUrl(
                    testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password())
                .withMaximumPoolSize(2),
            List.of(),
            null,
            sdk);
  }

  @AfterAll
  static void stop() {
    if (database != null) {
      database.close();
    }
    if (sdk != null) {
      sdk.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  @BeforeEach
  void forget() {
    spans.reset();
  }

  @Test
  void an_outermost_transaction_has_one_span_current_while_its_work_runs() {
    var inside = new AtomicReference<Span>();
    var afterCommit = new AtomicReference<Span>();
    var transactor = database.transactor();

    transactor.run(
        tx -> {
          inside.set(Span.current());
          // Joining work gets no span of its own.
          transactor.run(joined -> joined.execute("select 1"));
          transactor.afterCommit(() -> afterCommit.set(Span.current()));
        });

    var finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    var span = finished.get(0);
    assertThat(span.getName()).isEqualTo(Transactor.SPAN_NAME);
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.system.name")))
        .isEqualTo("postgresql");
    assertThat(inside.get().getSpanContext().getSpanId()).isEqualTo(span.getSpanId());
    assertThat(afterCommit.get().getSpanContext().isValid())
        .as("after the commit the caller's context is back")
        .isFalse();
  }

  @Test
  void a_failed_transaction_marks_its_span() {
    assertThatThrownBy(
            () ->
                database
                    .transactor()
                    .run(
                        tx -> {
                          throw new IllegalStateException("no");
                        }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(spans.getFinishedSpanItems())
        .singleElement()
        .satisfies(
            span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
  }
}
