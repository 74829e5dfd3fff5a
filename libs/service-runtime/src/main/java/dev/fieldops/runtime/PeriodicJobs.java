package dev.fieldops.runtime;

import dev.fieldops.jooq.Transactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link PeriodicJob}s until closed; see there for the guarantees. */
public final class PeriodicJobs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicJobs.class);

  private final Transactor transactor;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();

  public PeriodicJobs(Transactor transactor, List<PeriodicJob> jobs) {
    this.transactor = transactor;
    for (PeriodicJob job : jobs) {
      threads.add(Thread.ofVirtual().name("job-" + job.name()).start(() -> loop(job)));
    }
  }

  private void loop(PeriodicJob job) {
    try {
      while (!stopped.await(job.interval().toMillis(), TimeUnit.MILLISECONDS)) {
        runOnce(job);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the job now if no other instance is running it. The advisory lock is held by a
   * transaction that only wraps the lock, so the job's own transactions stay short and separate.
   */
  boolean runOnce(PeriodicJob job) {
    if (!job.exclusive()) {
      try {
        job.task().run();
        return true;
      } catch (RuntimeException e) {
        LOG.atWarn().addKeyValue("job", job.name()).setCause(e).log("periodic job failed; will retry");
        return false;
      }
    }
    long key = lockKey(job.name());
    try {
      return transactor.inTransaction(tx -> {
        Boolean locked = tx.select(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class, key))
            .fetchOne(0, Boolean.class);
        if (!Boolean.TRUE.equals(locked)) {
          return false;
        }
        // The job runs on another virtual thread so that its transactions do not join this one.
        Thread worker = Thread.ofVirtual().name("job-" + job.name() + "-run").start(() -> {
          try {
            job.task().run();
          } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("job", job.name()).setCause(e).log("periodic job failed; will retry");
          }
        });
        try {
          worker.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return true;
      });
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("job", job.name()).setCause(e).log("periodic job failed; will retry");
      return false;
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
