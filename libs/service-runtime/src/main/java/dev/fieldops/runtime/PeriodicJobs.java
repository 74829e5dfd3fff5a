package dev.fieldops.runtime;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs {@link PeriodicJob}s until closed; see there for the guarantees.
 *
 * <p>Catching up. Each job runs once as soon as the jobs start, then after each pause: a service
 * that was down (or an instance that just took over) does the work it missed at once rather than
 * one interval later. The jobs themselves catch up by what they look at: they work on the state due
 * by now (overdue invoices, breached SLA targets, months of monitoring not billed yet), never on
 * "what happened since the last tick", so a missed tick only delays work and never loses it. A
 * failed run (the database away) is tried again after at most {@value #RETRY_SECONDS} s, not only
 * after the job's interval.
 */
public final class PeriodicJobs implements AutoCloseable {

  static final int RETRY_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicJobs.class);

  /** The MDC key naming the job on every log line written while it runs. */
  public static final String MDC_JOB = "job";

  private final DataSource dataSource;
  private final List<PeriodicJob> jobs;
  private final Tracer tracer;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();

  /** Jobs to run once {@link #start()} is called. */
  public PeriodicJobs(DataSource dataSource, List<PeriodicJob> jobs) {
    this(dataSource, jobs, OpenTelemetry.noop());
  }

  /** Jobs whose runs each get a span ({@code job <name>}) in {@code openTelemetry}'s traces. */
  public PeriodicJobs(DataSource dataSource, List<PeriodicJob> jobs, OpenTelemetry openTelemetry) {
    this.dataSource = dataSource;
    this.jobs = List.copyOf(jobs);
    this.tracer = openTelemetry.getTracer(TracedCommands.SCOPE);
  }

  /** Starts running the jobs, each once at once and then after each pause. */
  public synchronized PeriodicJobs start() {
    if (threads.isEmpty() && stopped.getCount() > 0) {
      for (PeriodicJob job : jobs) {
        threads.add(Thread.ofVirtual().name("job-" + job.name()).start(() -> loop(job)));
      }
    }
    return this;
  }

  private void loop(PeriodicJob job) {
    long pauseMillis = 0;
    try {
      while (!stopped.await(pauseMillis, TimeUnit.MILLISECONDS)) {
        Outcome outcome = attempt(job);
        pauseMillis =
            outcome == Outcome.FAILED
                ? Math.min(job.interval().toMillis(), TimeUnit.SECONDS.toMillis(RETRY_SECONDS))
                : job.interval().toMillis();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What one attempt to run a job came to. */
  enum Outcome {
    RAN,
    /** Another instance holds the job's lock: it runs it. */
    SKIPPED,
    FAILED
  }

  /** Runs the job now if no other instance is running it; whether it ran and succeeded. */
  boolean runOnce(PeriodicJob job) {
    return attempt(job) == Outcome.RAN;
  }

  /**
   * Runs the job now if no other instance is running it. The lock is a session-level advisory lock
   * on a connection of its own, outside any transaction: the job's own transactions stay short and
   * separate, and a long run is not cut off by the role's idle-in-transaction timeout.
   */
  Outcome attempt(PeriodicJob job) {
    if (!job.exclusive()) {
      return runGuarded(job);
    }
    long key = lockKey(job.name());
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      if (!advisory(connection, "select pg_try_advisory_lock(?)", key)) {
        return Outcome.SKIPPED;
      }
      try {
        return runGuarded(job);
      } finally {
        advisory(connection, "select pg_advisory_unlock(?)", key);
      }
    } catch (SQLException e) {
      LOG.atWarn()
          .addKeyValue("job", job.name())
          .log("periodic job could not take its lock ({});" + " will retry", e.getMessage());
      return Outcome.FAILED;
    }
  }

  private static boolean advisory(Connection connection, String sql, long key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, key);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  /**
   * One run in its own trace: a span {@code job <name>}, and {@code job}, {@code trace_id} and
   * {@code span_id} in the MDC of every line logged meanwhile.
   */
  private Outcome runGuarded(PeriodicJob job) {
    Span span = tracer.spanBuilder("job " + job.name()).setNoParent().startSpan();
    Map<String, String> previous = MDC.getCopyOfContextMap();
    try (Scope scope = span.makeCurrent()) {
      MDC.put(MDC_JOB, job.name());
      if (span.getSpanContext().isValid()) {
        MDC.put("trace_id", span.getSpanContext().getTraceId());
        MDC.put("span_id", span.getSpanContext().getSpanId());
      }
      job.task().run();
      return Outcome.RAN;
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      LOG.atWarn()
          .addKeyValue("job", job.name())
          .setCause(e)
          .log("periodic job failed; will retry");
      return Outcome.FAILED;
    } finally {
      span.end();
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    }
  }

  static long lockKey(String name) {
    var crc = new CRC32();
    crc.update(("fieldops-job:" + name).getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  @Override
  public void close() {
    stopped.countDown();
    for (Thread thread : threads) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
