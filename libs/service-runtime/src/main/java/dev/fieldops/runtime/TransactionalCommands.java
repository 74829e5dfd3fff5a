package dev.fieldops.runtime;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.AfterCommit;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
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
 */
public final class TransactionalCommands implements CommandDecorator, AfterCommit {

  private final Transactor transactor;

  public TransactionalCommands(Transactor transactor) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
  }

  @Override
  public <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler) {
    Objects.requireNonNull(handler, "handler");
    return command -> transactor.inTransaction(tx -> handler.handle(command));
  }

  /**
   * @throws IllegalStateException when no transaction is open: the handler was not decorated
   */
  @Override
  public void run(Runnable work) {
    transactor.afterCommit(work);
  }
}
