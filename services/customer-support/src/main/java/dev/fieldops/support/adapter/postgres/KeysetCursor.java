package dev.fieldops.support.adapter.postgres;

import dev.fieldops.kernel.paging.PageRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.UUID;

/**
 * The position after the last row of a page: its sort key {@code (time, id)}, written as {@code
 * <instant>/<uuid>}. The gRPC adapter signs and binds it into a page token, so callers never see or
 * forge this text; what does not parse here is simply not a cursor of ours.
 */
record KeysetCursor(Instant time, UUID id) {

  String encode() {
    return time + "/" + id;
  }

  /**
   * @throws dev.fieldops.kernel.InvalidInputException {@code INVALID_PAGE_TOKEN} when {@code text}
   *     was not produced by {@link #encode()}
   */
  static KeysetCursor decode(String text) {
    int slash = text.lastIndexOf('/');
    if (slash < 1) {
      throw PageRequest.invalidCursor();
    }
    try {
      String id = text.substring(slash + 1);
      if (id.length() != 36) {
        throw PageRequest.invalidCursor();
      }
      return new KeysetCursor(Instant.parse(text.substring(0, slash)), UUID.fromString(id));
    } catch (DateTimeException | IllegalArgumentException e) {
      throw PageRequest.invalidCursor();
    }
  }
}
