package dev.fieldops.nats.inbox;

import java.util.Objects;
import java.util.Set;

/**
 * In which order a consumer applies the events of one aggregate when several replicas share its
 * durable (or a retry lets a later event overtake an earlier one).
 *
 * <p>{@linkplain #publishOrder() Publish order}: an event carrying {@code
 * fieldops-aggregate-sequence} n is applied only after event n - 1 of its aggregate was applied by
 * this consumer. Until then it is handed back to JetStream with a delay (not applied, not parked);
 * after {@link ConsumerSpec#maxDeliver()} attempts ({@link Attempts}) it is parked as {@link
 * ParkReason#PREDECESSOR_MISSING} and held: it is applied in the transaction that applies its
 * predecessor (a late delivery, or an operator's retry of a parked one). The inbox transaction
 * locks the consumer's progress row of the aggregate, so two replicas never apply two events of one
 * aggregate at once. This needs a consumer that receives <em>every</em> event of the ordered
 * aggregates: a filter that misses one of an aggregate's subjects would wait for the missing event
 * for ever (and park). Events it does not decode still pass through the ordering, so that they
 * count. Events without the header (published before it existed) are handled as before, by version
 * and {@link OutOfOrderPolicy}.
 *
 * <p>{@linkplain #arrivalOrder() Arrival order}: every event is applied when it arrives, with the
 * version check of {@link OutOfOrderPolicy}. Only for handlers proved commutative for every pair of
 * events their filter lets through (typically a filter that sees only some of an aggregate's
 * events, each an independent fact); say why where the consumer is declared.
 *
 * @param sequenced whether events are applied in publish order
 * @param aggregateTypes the aggregate types ordered ({@code fieldops-aggregate-type}); empty means
 *     every type the filter receives. Events of other types are applied, or skipped when the
 *     decoder ignores them, in arrival order.
 */
public record AggregateOrder(boolean sequenced, Set<String> aggregateTypes) {

  public AggregateOrder {
    aggregateTypes = Set.copyOf(Objects.requireNonNull(aggregateTypes, "aggregateTypes"));
    if (!sequenced && !aggregateTypes.isEmpty()) {
      throw new IllegalArgumentException("arrival order takes no aggregate types");
    }
  }

  /** Every aggregate's events in publish order: the default. */
  public static AggregateOrder publishOrder() {
    return new AggregateOrder(true, Set.of());
  }

  /** The events of aggregates of these types in publish order, others in arrival order. */
  public static AggregateOrder publishOrderOf(String... aggregateTypes) {
    if (aggregateTypes.length == 0) {
      throw new IllegalArgumentException("name at least one aggregate type");
    }
    return new AggregateOrder(true, Set.of(aggregateTypes));
  }

  /** Arrival order, for a handler proved commutative over what its filter lets through. */
  public static AggregateOrder arrivalOrder() {
    return new AggregateOrder(false, Set.of());
  }

  /** Whether an event of {@code aggregateType} is applied in publish order. */
  public boolean sequences(String aggregateType) {
    return sequenced && (aggregateTypes.isEmpty() || aggregateTypes.contains(aggregateType));
  }
}
