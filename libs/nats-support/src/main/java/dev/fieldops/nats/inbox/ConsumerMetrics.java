package dev.fieldops.nats.inbox;

import dev.fieldops.nats.MeterBuckets;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Meters of a service's consumers of other contexts' events, tagged {@code durable}.
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><td>{@code fieldops_consumer_applied_total}</td><td>events whose effect committed</td></tr>
 *   <tr><td>{@code fieldops_consumer_duplicates_total}</td><td>deliveries skipped: the inbox
 *       already had the event</td></tr>
 *   <tr><td>{@code fieldops_consumer_ignored_total}</td><td>events of no interest, acknowledged
 *       </td></tr>
 *   <tr><td>{@code fieldops_consumer_retried_total}</td><td>failed attempts sent back for
 *       redelivery</td></tr>
 *   <tr><td>{@code fieldops_consumer_parked_total}</td><td>events parked as dead letters</td></tr>
 *   <tr><td>{@code fieldops_consumer_pending}</td><td>the durable's lag: stream messages not yet
 *       delivered to it, from its JetStream consumer info (read every few seconds by the runner,
 *       never per scrape); NaN while unknown (gauge)</td></tr>
 *   <tr><td>{@code fieldops_consumer_apply_latency_seconds}</td><td>histogram: from the event's
 *       {@code ce-time} (its creation in the producing context) to its effect committed
 *       here</td></tr>
 * </table>
 *
 * <p>Counters restart at 0 when a consumer's runner is restarted (Prometheus' {@code rate} and
 * {@code increase} handle counter resets).
 */
public final class ConsumerMetrics implements ConsumerObserver {

  private final MeterRegistry registry;
  private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

  private ConsumerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the meters of every consumer {@code consumers} supervises, and observes them. */
  public static ConsumerMetrics bind(MeterRegistry registry, ConsumerSupervisor consumers) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(consumers, "consumers");
    var metrics = new ConsumerMetrics(registry);
    for (String durable : consumers.statuses().keySet()) {
      Tags tags = Tags.of("durable", durable);
      metrics.counter(
          consumers,
          durable,
          tags,
          "applied",
          "Events whose effect committed",
          ConsumerState::applied);
      metrics.counter(
          consumers,
          durable,
          tags,
          "duplicates",
          "Deliveries skipped: the inbox already had the event",
          ConsumerState::duplicates);
      metrics.counter(
          consumers, durable, tags, "ignored", "Events of no interest", ConsumerState::ignored);
      metrics.counter(
          consumers,
          durable,
          tags,
          "retried",
          "Failed attempts sent back for redelivery",
          ConsumerState::retried);
      metrics.counter(
          consumers,
          durable,
          tags,
          "parked",
          "Events parked as dead letters",
          ConsumerState::parked);
      metrics.counter(
          consumers,
          durable,
          tags,
          "released",
          "Events held for a missing predecessor, applied when it was",
          ConsumerState::released);
      Gauge.builder(
              "fieldops.consumer.pending",
              consumers,
              c -> {
                long pending = c.pending(durable);
                return pending < 0 ? Double.NaN : pending;
              })
          .description("Stream messages not yet delivered to the durable (JetStream num_pending)")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      metrics.latencies.put(durable, metrics.latency(tags));
    }
    consumers.observe(metrics);
    return metrics;
  }

  private void counter(
      ConsumerSupervisor consumers,
      String durable,
      Tags tags,
      String name,
      String description,
      ToLongFunction<ConsumerState> value) {
    FunctionCounter.builder(
            "fieldops.consumer." + name,
            consumers,
            c -> c.state(durable).map(value::applyAsLong).orElse(0L))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private Timer latency(Tags tags) {
    return Timer.builder("fieldops.consumer.apply.latency")
        .description("From an event's ce-time to its effect committed by this consumer")
        .tags(tags)
        .serviceLevelObjectives(MeterBuckets.deliveryLatency())
        .register(registry);
  }

  @Override
  public void applied(String consumer, EventEnvelope event) {
    Duration latency = Duration.between(event.time(), Instant.now());
    latencies
        .computeIfAbsent(consumer, durable -> latency(Tags.of("durable", durable)))
        .record(latency.isNegative() ? Duration.ZERO : latency);
  }
}
