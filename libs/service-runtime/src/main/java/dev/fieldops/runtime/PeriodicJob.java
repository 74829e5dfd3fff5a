package dev.fieldops.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Work a service repeats on a timer (scan for SLA breaches, flag overdue invoices, purge old
 * records). The runtime runs each job on a virtual thread with a fixed pause between runs, and on
 * one instance at a time: a run first takes a PostgreSQL advisory lock named after the job, so
 * several replicas never duplicate the work. A failing run is logged and the schedule goes on.
 *
 * @param name unique per service, used for the lock and the logs
 * @param interval pause between the end of one run and the start of the next
 * @param task the work; it runs its own transactions
 */
public record PeriodicJob(String name, Duration interval, Runnable task) {

  public PeriodicJob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("job " + name + " needs a positive interval");
    }
  }
}
