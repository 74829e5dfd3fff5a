package dev.fieldops.invoicing.adapter.postgres;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.paging.PageRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The keyset cursors of this adapter's lists, as the opaque strings the ports pass around. The gRPC
 * adapter signs them into page tokens; a string that does not parse here was never handed out by
 * the list, which the ports report as {@code INVALID_PAGE_TOKEN} on {@code page_token}.
 */
final class Cursors {

  private Cursors() {}

  static UUID uuid(String cursor) {
    try {
      UUID id = UUID.fromString(cursor);
      if (id.toString().equals(cursor)) {
        return id;
      }
    } catch (IllegalArgumentException malformed) {
      // reported below
    }
    throw invalid();
  }

  static int position(String cursor) {
    try {
      int position = Integer.parseInt(cursor);
      if (position >= 0 && Integer.toString(position).equals(cursor)) {
        return position;
      }
    } catch (NumberFormatException malformed) {
      // reported below
    }
    throw invalid();
  }

  /** A cursor of two keys: an instant and an id ({@code 2026-03-02T09:00:00Z/uuid}). */
  static String timeAndId(Instant time, UUID id) {
    return time + "/" + id;
  }

  record TimeAndId(Instant time, UUID id) {}

  static TimeAndId parseTimeAndId(String cursor) {
    int slash = cursor.indexOf('/');
    if (slash < 0) {
      throw invalid();
    }
    try {
      return new TimeAndId(
          Instant.parse(cursor.substring(0, slash)), uuid(cursor.substring(slash + 1)));
    } catch (DateTimeParseException malformed) {
      throw invalid();
    }
  }

  private static InvalidInputException invalid() {
    return PageRequest.invalidCursor();
  }
}
