package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** The server-assigned, time-ordered (UUIDv7) identity of a ticket. */
public record TicketId(UUID value) {

  public TicketId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Parses a ticket id sent by a caller.
   *
   * @throws InvalidInputException {@code INVALID_TICKET_ID} on field {@code ticket_id}
   */
  public static TicketId parse(String text) {
    try {
      if (text.length() != 36) {
        throw new IllegalArgumentException("not 36 characters");
      }
      return new TicketId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of("INVALID_TICKET_ID", "ticket_id", "must be a UUID");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
