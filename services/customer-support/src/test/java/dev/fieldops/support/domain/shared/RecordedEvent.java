package dev.fieldops.support.domain.shared;

import java.util.Objects;
import java.util.UUID;

/**
 * An event as a repository wrote it to its outbox, reduced to what every implementation can report:
 * its id, its type (the event record's simple name, which is also the last segment of the proto
 * message name, e.g. {@code TicketOpened}) and the aggregate version it carries. The contract
 * suites compare these.
 */
public record RecordedEvent(UUID eventId, String type, long version) {

  public RecordedEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
  }

  public static RecordedEvent of(SupportEvent event) {
    return new RecordedEvent(
        event.eventId(), event.getClass().getSimpleName(), event.aggregateVersion());
  }

  /** {@code "TicketOpened@1"}: type and version, for readable assertions. */
  public String typeAtVersion() {
    return type + "@" + version;
  }
}
