package dev.fieldops.kernel;

/**
 * Defers work until the command's changes are durable: telling in-process watchers, or starting a
 * follow-up change that must see the committed state. A handler that has such consequences takes
 * this port, so that it can be decorated as a whole like every other command; the wiring implements
 * it with the database transaction's after-commit hook, the tests run the work at once (their fakes
 * commit every call).
 */
@FunctionalInterface
public interface AfterCommit {

  /**
   * Runs {@code work} once the command's transaction has committed, on the same thread; never if it
   * rolls back. A failure of {@code work} does not undo the command.
   */
  void run(Runnable work);

  /** Runs the work at once: for callers with no transaction, such as tests over in-memory fakes. */
  static AfterCommit immediately() {
    return Runnable::run;
  }
}
