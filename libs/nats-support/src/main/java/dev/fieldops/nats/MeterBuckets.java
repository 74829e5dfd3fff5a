package dev.fieldops.nats;

import java.time.Duration;

/** Histogram boundaries shared by the outbox's and the consumers' latency meters. */
public final class MeterBuckets {

  /**
   * From a few milliseconds (the relay's and consumers' normal pace) to minutes (an outage being
   * drained): the boundaries latency objectives and alerts are written against.
   */
  private static final Duration[] DELIVERY_LATENCY = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5)
  };

  public static Duration[] deliveryLatency() {
    return DELIVERY_LATENCY.clone();
  }

  private MeterBuckets() {}
}
