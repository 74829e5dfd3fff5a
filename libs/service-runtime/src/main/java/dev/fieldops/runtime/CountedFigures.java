package dev.fieldops.runtime;

import dev.fieldops.config.Environment;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figures an operator watches that live in a service's tables (tickets by status, active alerts,
 * overdue invoices), served as meters. They are counted by a cheap grouped query in a periodic job
 * ({@link #job}), never by a scrape: a scrape reads the last counted value, so a Prometheus
 * scraping every few seconds adds no load on the database, and a database away leaves the last
 * value in place instead of failing the scrape.
 *
 * <p>A {@link #gauge} is a number that goes up and down (tickets open now). A {@link #total} is a
 * number that only grows (invoices ever issued, SLA targets ever breached), served as a Prometheus
 * counter so that {@code increase()} and {@code rate()} work; counted from the tables, it is the
 * same in every replica and survives restarts, so queries take {@code max} over instances rather
 * than {@code sum}.
 *
 * <p>The job runs in every instance (each serves its own meters) and reads only: no lock needed.
 */
public final class CountedFigures {

  /** How often the figures are counted: {@code FIGURES_INTERVAL}, 15 s by default. */
  public static final String INTERVAL_VARIABLE = "FIGURES_INTERVAL";

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

  private final MeterRegistry registry;

  public CountedFigures(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** A gauge serving the value last set on the returned holder (0 until the first count). */
  public AtomicLong gauge(String name, String description, Tags tags) {
    var value = new AtomicLong();
    Gauge.builder(name, value, AtomicLong::doubleValue)
        .description(description)
        .tags(tags)
        .strongReference(true)
        .register(registry);
    return value;
  }

  /**
   * One gauge per value of {@code values}, tagged {@code tag} with the value's name: a figure
   * counted by one grouped query ({@code GROUP BY status}), set at once with {@link PerValue#set}.
   */
  public <E extends Enum<E>> PerValue<E> gaugePerValue(
      String name, String description, String tag, EnumSet<E> values) {
    var holders = new EnumMap<E, AtomicLong>(values.iterator().next().getDeclaringClass());
    for (E value : values) {
      holders.put(value, gauge(name, description, Tags.of(tag, value.name())));
    }
    return new PerValue<>(holders);
  }

  /** The gauges of {@link #gaugePerValue}, one per value. */
  public static final class PerValue<E extends Enum<E>> {

    private final Map<E, AtomicLong> holders;

    private PerValue(Map<E, AtomicLong> holders) {
      this.holders = holders;
    }

    /** Sets every gauge from counts keyed by the values' names; a value not counted is 0. */
    public void set(Map<String, Long> countsByName) {
      holders.forEach((value, holder) -> holder.set(countsByName.getOrDefault(value.name(), 0L)));
    }
  }

  /**
   * A counter serving the total last set on the returned holder (0 until the first count). The
   * registry holds the holder weakly (Micrometer's function counters): keep it, as the job that
   * sets it does.
   */
  public AtomicLong total(String name, String description, Tags tags) {
    var value = new AtomicLong();
    FunctionCounter.builder(name, value, AtomicLong::doubleValue)
        .description(description)
        .tags(tags)
        .register(registry);
    return value;
  }

  /**
   * The job that counts the figures every {@code FIGURES_INTERVAL} of {@code env}: {@code count}
   * runs a query and sets the holders.
   *
   * @throws IllegalArgumentException naming the variable when its value is invalid
   */
  public static PeriodicJob job(String name, Map<String, String> env, Runnable count) {
    var interval =
        Environment.of(env)
            .duration(
                INTERVAL_VARIABLE, DEFAULT_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1));
    return PeriodicJob.perInstance(name, interval, count);
  }
}
