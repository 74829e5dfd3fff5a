package dev.fieldops.support.domain.ticket;

/** How a problem reached support. Recorded when the ticket is opened and never changed. */
public enum TicketChannel {
  EMAIL,
  PHONE,
  CHAT,
  API,
  /** Opened automatically from a telemetry alert. */
  TELEMETRY_ALERT
}
