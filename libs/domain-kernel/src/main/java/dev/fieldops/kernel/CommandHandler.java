package dev.fieldops.kernel;

/**
 * One use case that changes a context's state: the single shape every command of every service has,
 * so that what surrounds a command (its transaction, its retries, its idempotency) is applied once,
 * by {@link CommandDecorator}s in the context's application factory, instead of by whichever
 * adapter happens to call it.
 *
 * @param <C> the command, carrying everything the use case needs, the principal included
 * @param <R> what the use case answers, usually a view of the changed aggregate
 */
@FunctionalInterface
public interface CommandHandler<C, R> {

  R handle(C command);
}
