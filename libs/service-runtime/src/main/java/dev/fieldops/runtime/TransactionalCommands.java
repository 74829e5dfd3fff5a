package dev.fieldops.runtime;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.AbandonedException;
import dev.fieldops.kernel.AfterCommit;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import io.grpc.Context;
import io.grpc.Deadline;
import java.util.Objects;

/**
 * Runs each command in one {@link Transactor} transaction, so that everything it writes (its
 * aggregates, their outbox rows, its idempotency record) commits or rolls back together and the
 * whole command is run again on a serialization failure or a deadlock. Inside a transaction already
 * open on the thread (an event consumer's inbox transaction) the command joins it, and the
 * outermost owner retries. This decorator is where a command's transaction starts: repositories and
 * {@link IdempotentCommands} only join it, so it is the outermost decorator.
 *
 * <p>It is also the command's {@link AfterCommit}: what a handler defers runs once the outermost
 * transaction has committed, once however often the command was retried, and never after a
 * rollback.
 *
 * <p>A command run for a gRPC call whose caller stopped waiting (the call's deadline passed, or it
 * was cancelled: the call's {@link Context} is cancelled) is not started, and one whose caller left
 * while it ran (waiting for a lock or a pooled connection, say) is rolled back instead of
 * committed: {@link AbandonedException}. A caller that saw DEADLINE_EXCEEDED then finds nothing
 * changed, unless the commit had begun before its deadline. Outside a call (an event consumer, a
 * job) the context is never cancelled.
 */
public final class TransactionalCommands implements CommandDecorator, AfterCommit {

  private final Transactor transactor;

  public TransactionalCommands(Transactor transactor) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
  }

  @Override
  public <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler) {
    Objects.requireNonNull(handler, "handler");
    return command -> {
      requireWaitingCaller();
      return transactor.inTransaction(
          tx -> {
            R result = handler.handle(command);
            requireWaitingCaller();
            return result;
          });
    };
  }

  private static void requireWaitingCaller() {
    Context call = Context.current();
    if (!call.isCancelled()) {
      return;
    }
    Deadline deadline = call.getDeadline();
    if (deadline != null && deadline.isExpired()) {
      throw new AbandonedException(
          AbandonedException.Why.DEADLINE_PASSED,
          "the call's deadline passed before the command committed; nothing was changed");
    }
    throw new AbandonedException(
        AbandonedException.Why.CANCELLED,
        "the call was cancelled before the command committed; nothing was changed");
  }

  /**
   * @throws IllegalStateException when no transaction is open: the handler was not decorated
   */
  @Override
  public void run(Runnable work) {
    transactor.afterCommit(work);
  }
}
