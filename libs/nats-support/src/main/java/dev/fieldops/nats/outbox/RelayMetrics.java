package dev.fieldops.nats.outbox;

import dev.fieldops.nats.MeterBuckets;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * The outbox relay's meters, tagged {@code stream}: the backlog is the number an operator of an
 * outbox system watches first (events committed but not yet in the stream).
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><td>{@code fieldops_outbox_backlog}</td><td>unpublished rows (gauge)</td></tr>
 *   <tr><td>{@code fieldops_outbox_oldest_age_seconds}</td><td>how long the oldest unpublished row
 *       has waited; 0 when there is none (gauge)</td></tr>
 *   <tr><td>{@code fieldops_outbox_published_total}</td><td>events acknowledged by the stream and
 *       marked published, duplicates included</td></tr>
 *   <tr><td>{@code fieldops_outbox_duplicates_total}</td><td>of those, acknowledged as duplicates
 *       (the stream already had them)</td></tr>
 *   <tr><td>{@code fieldops_outbox_republished_total}</td><td>published rows reconciliation found
 *       missing from the stream and queued again</td></tr>
 *   <tr><td>{@code fieldops_outbox_failures_total}</td><td>publish attempts that failed</td></tr>
 *   <tr><td>{@code fieldops_outbox_publish_latency_seconds}</td><td>histogram: from the event's
 *       write (its command's transaction) to the stream's acknowledgement</td></tr>
 * </table>
 *
 * <p>Nothing here queries the database on a scrape: the gauges read what the relay counts anyway
 * (its backlog count runs about once a second), the counters its own tallies. Use: pass the metrics
 * as the relay's observer ({@link #observing(RelayConfig)}), then {@link #bind(OutboxRelay)} the
 * started relay.
 */
public final class RelayMetrics implements RelayObserver {

  private final MeterRegistry registry;
  private final Tags tags;
  private final Timer publishLatency;
  private final RelayObserver next;

  /**
   * Meters for the relay of {@code stream} in {@code registry}; per-event outcomes go on to {@code
   * next} too.
   */
  public RelayMetrics(MeterRegistry registry, String stream, RelayObserver next) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.next = Objects.requireNonNull(next, "next");
    this.tags = Tags.of("stream", Objects.requireNonNull(stream, "stream"));
    this.publishLatency =
        Timer.builder("fieldops.outbox.publish.latency")
            .description("From an event's write to the outbox to the stream's acknowledgement")
            .tags(tags)
            .serviceLevelObjectives(MeterBuckets.deliveryLatency())
            .register(registry);
  }

  /** {@code config} with these metrics as its observer, in front of the one it had. */
  public static RelayMetrics forConfig(MeterRegistry registry, RelayConfig config) {
    return new RelayMetrics(registry, config.stream(), config.observer());
  }

  /** {@code config} observed by these metrics. */
  public RelayConfig observing(RelayConfig config) {
    return config.withObserver(this);
  }

  /** Registers the gauges and counters that read {@code relay}'s state. */
  public void bind(OutboxRelay relay) {
    Objects.requireNonNull(relay, "relay");
    Gauge.builder("fieldops.outbox.backlog", relay, r -> r.state().backlog())
        .description("Outbox rows not yet published (counted about once a second)")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "fieldops.outbox.oldest.age",
            relay,
            r -> r.state().oldestUnpublishedAge().map(age -> age.toNanos() / 1e9).orElse(0.0))
        .description("How long the oldest unpublished outbox row has waited; 0 when none")
        .baseUnit("seconds")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    counter(
        relay,
        "fieldops.outbox.published",
        "Events acknowledged by the stream",
        s -> s.published());
    counter(
        relay,
        "fieldops.outbox.duplicates",
        "Events the stream acknowledged as duplicates (it already had them)",
        s -> s.duplicates());
    counter(
        relay,
        "fieldops.outbox.republished",
        "Published events reconciliation found missing from the stream and queued again",
        s -> s.republished());
    counter(
        relay,
        "fieldops.outbox.failures",
        "Publish attempts that failed (the event stays in the outbox)",
        s -> s.failures());
  }

  private void counter(
      OutboxRelay relay, String name, String description, ToDoubleFunction<RelayState> value) {
    FunctionCounter.builder(name, relay, r -> value.applyAsDouble(r.state()))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  @Override
  public void acknowledged(
      UUID eventId, long streamSequence, boolean duplicate, Instant occurTime) {
    Duration latency = Duration.between(occurTime, Instant.now());
    publishLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    next.acknowledged(eventId, streamSequence, duplicate, occurTime);
  }

  @Override
  public void failed(UUID eventId, Throwable cause) {
    next.failed(eventId, cause);
  }
}
