package dev.fieldops.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Work a service repeats on a timer (scan for SLA breaches, flag overdue invoices, purge old
 * records). The runtime runs each job on a virtual thread, once as soon as the service has started
 * and then with a fixed pause between runs, and on one instance at a time: a run first takes a
 * PostgreSQL advisory lock named after the job, so several replicas never duplicate the work. A
 * failing run is logged and tried again soon. A job must work on what is due by now (not on what
 * happened since its last run), so that work missed while the service was down is caught up by its
 * first run, exactly once.
 *
 * <p>Work on a process's own memory (checkpointing its in-memory state) is not shared work: such a
 * job is made with {@link #perInstance} and runs in every instance, without the lock.
 *
 * @param name unique per service, used for the lock and the logs
 * @param interval pause between the end of one run and the start of the next
 * @param task the work; it runs its own transactions
 * @param exclusive whether at most one instance of the service runs it at a time
 */
public record PeriodicJob(String name, Duration interval, Runnable task, boolean exclusive) {

  /** A job that one instance at a time runs (the usual case: scans over shared data). */
  public PeriodicJob(String name, Duration interval, Runnable task) {
    this(name, interval, task, true);
  }

  /** A job every instance runs for itself, e.g. saving its own in-memory state. */
  public static PeriodicJob perInstance(String name, Duration interval, Runnable task) {
    return new PeriodicJob(name, interval, task, false);
  }

  public PeriodicJob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("job " + name + " needs a positive interval");
    }
  }
}
