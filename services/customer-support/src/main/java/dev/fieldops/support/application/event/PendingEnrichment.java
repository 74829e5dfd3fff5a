package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.TicketId;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert ticket whose device has not been described on it yet.
 *
 * @param metric the alert's metric, whose readings the description summarises
 * @param attempts how many times telemetry could not be asked
 * @param nextAttemptTime when the periodic retry may try again
 */
public record PendingEnrichment(
    TicketId ticketId,
    DeviceId deviceId,
    ReadingMetric metric,
    int attempts,
    Instant nextAttemptTime) {

  public PendingEnrichment {
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(nextAttemptTime, "nextAttemptTime");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts cannot be negative");
    }
  }
}
