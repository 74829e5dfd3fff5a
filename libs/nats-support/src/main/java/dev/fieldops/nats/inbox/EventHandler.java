package dev.fieldops.nats.inbox;

/**
 * Applies one event. It runs inside the runner's transaction, together with the inbox row that
 * marks the event as applied, so its effect and "applied" commit or roll back together: the
 * repositories it reaches join the transaction the database's {@code Transactor} has open on this
 * thread. It must have no effect outside the database (the event is acknowledged after the commit,
 * and a failed attempt is retried from scratch).
 *
 * <p>Throwing retries the event later (with the consumer's backoff) until the delivery limit, then
 * parks it; throwing {@link RejectedEventException} parks it at once. Events of one aggregate
 * arrive in version order; see {@link OutOfOrderPolicy} for when they cannot.
 *
 * @param <T> the decoded event
 */
@FunctionalInterface
public interface EventHandler<T> {

  void handle(InboundEvent<T> event) throws Exception;
}
