package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.kernel.paging.PageRequest;
import java.util.UUID;

/**
 * The keyset cursors of the listings: the sort key of the last row, as text. The gRPC adapter wraps
 * them in signed page tokens; a cursor that does not parse here was never issued by this store.
 */
final class Cursors {

  private Cursors() {}

  static String of(UUID lastId) {
    return lastId.toString();
  }

  static UUID uuid(String cursor) {
    if (cursor.length() != 36) {
      throw PageRequest.invalidCursor();
    }
    try {
      return UUID.fromString(cursor);
    } catch (IllegalArgumentException notAUuid) {
      throw PageRequest.invalidCursor();
    }
  }

  static long number(String cursor) {
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException notANumber) {
      throw PageRequest.invalidCursor();
    }
  }
}
