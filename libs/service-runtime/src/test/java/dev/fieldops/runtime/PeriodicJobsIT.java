package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicJobsIT {

  @Test
  void an_exclusive_job_is_skipped_while_another_instance_runs_it_and_a_per_instance_job_is_not()
      throws Exception {
    try (var testDatabase = TestDatabase.create();
        var database =
            Database.start(
                DatabaseConfig.forUrl(
                    testDatabase.jdbcUrl(), testDatabase.username(), testDatabase.password()),
                List.of())) {
      var firstInstance = new PeriodicJobs(database.dataSource(), List.of());
      var secondInstance = new PeriodicJobs(database.dataSource(), List.of());
      var running = new CountDownLatch(1);
      var release = new CountDownLatch(1);
      var runs = new AtomicInteger();
      var scan =
          new PeriodicJob(
              "scan",
              Duration.ofHours(1),
              () -> {
                runs.incrementAndGet();
                running.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });

      Thread holder = Thread.ofVirtual().start(() -> firstInstance.runOnce(scan));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(secondInstance.runOnce(scan))
          .as("skipped while the first instance holds it")
          .isFalse();

      var checkpoint =
          PeriodicJob.perInstance("checkpoint", Duration.ofHours(1), runs::incrementAndGet);
      assertThat(secondInstance.runOnce(checkpoint)).isTrue();

      release.countDown();
      holder.join(10_000);
      assertThat(runs).hasValue(2);
      assertThat(secondInstance.runOnce(checkpoint)).isTrue();
      firstInstance.close();
      secondInstance.close();
    }
  }
}
