package dev.fieldops.kernel;

import java.util.List;
import java.util.Objects;

/**
 * Wraps a {@link CommandHandler} in one concern that is the same for every command of a context:
 * the database transaction (with its retries), idempotency, later metrics or tracing. A context's
 * application factory applies its decorators to each command handler once, so that every adapter
 * reaching a command (gRPC, an event consumer, a periodic job) gets the same behaviour. The
 * platform provides the production decorators; tests provide in-memory ones.
 */
public interface CommandDecorator {

  <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler);

  /** {@code handler} wrapped in {@code decorators}, the first of them outermost. */
  static <C, R> CommandHandler<C, R> apply(
      CommandHandler<C, R> handler, List<? extends CommandDecorator> decorators) {
    Objects.requireNonNull(handler, "handler");
    CommandHandler<C, R> decorated = handler;
    for (CommandDecorator decorator : decorators.reversed()) {
      decorated = Objects.requireNonNull(decorator.decorate(decorated), "decorated handler");
    }
    return decorated;
  }

  /** One decorator that applies {@code decorators} in turn, the first of them outermost. */
  static CommandDecorator chain(List<? extends CommandDecorator> decorators) {
    List<CommandDecorator> chained = List.copyOf(decorators);
    return new CommandDecorator() {
      @Override
      public <C, R> CommandHandler<C, R> decorate(CommandHandler<C, R> handler) {
        return apply(handler, chained);
      }
    };
  }
}
