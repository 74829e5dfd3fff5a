package dev.fieldops.nats.outbox;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a context's domain events into outbox rows (subject, message type, payload, ordering
 * partition). Repositories write the rows in the transaction of the change but do not know the
 * published contract: the context's wiring hands them the encoder of its messaging adapter, so a
 * storage adapter never depends on the messaging adapter.
 *
 * <p>An encoder translates one event at a time and needs nothing but the event: every fact a
 * published message carries belongs to the domain event that announces it.
 *
 * @param <E> the context's domain event type
 */
@FunctionalInterface
public interface OutboxEncoder<E> {

  /** The outbox row of {@code event}. */
  OutboxEvent encode(E event);

  /** The outbox rows of {@code events}, in the order they were raised. */
  default List<OutboxEvent> encodeAll(List<? extends E> events) {
    return events.stream().map(this::encode).toList();
  }

  /**
   * This encoder, with the W3C trace context of the work being done ({@code traceparent}, read when
   * each event is encoded) added to every row, so a trace continues across NATS. The wiring applies
   * it once; the context's mapper stays a pure translation.
   */
  default OutboxEncoder<E> withTraceparent(Supplier<Optional<String>> traceparent) {
    Objects.requireNonNull(traceparent, "traceparent");
    return event -> encode(event).withTraceparent(traceparent.get().orElse(null));
  }
}
