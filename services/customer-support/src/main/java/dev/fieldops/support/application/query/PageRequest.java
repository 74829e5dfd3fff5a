package dev.fieldops.support.application.query;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list: at most {@code size} items after the position an opaque cursor names (empty
 * for the first page). Cursors are produced and understood only by the query port that returned
 * them; they encode a keyset position, not an offset, so pages stay stable while items are added.
 */
public record PageRequest(int size, Optional<String> after) {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  public PageRequest {
    Objects.requireNonNull(after, "after");
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("page size out of range: " + size);
    }
  }

  /**
   * The page a caller asked for: size 0 means the default, sizes above the maximum are clamped, and
   * an empty token means the first page.
   *
   * @throws InvalidInputException {@code INVALID_PAGE_SIZE} on {@code page_size} for a negative size
   */
  public static PageRequest of(int requestedSize, String pageToken) {
    if (requestedSize < 0) {
      throw InvalidInputException.of("INVALID_PAGE_SIZE", "page_size", "zero or more");
    }
    int size = requestedSize == 0 ? DEFAULT_SIZE : Math.min(requestedSize, MAX_SIZE);
    return new PageRequest(
        size, pageToken == null || pageToken.isEmpty() ? Optional.empty() : Optional.of(pageToken));
  }

  public static PageRequest first(int size) {
    return new PageRequest(size, Optional.empty());
  }

  public PageRequest next(String cursor) {
    return new PageRequest(size, Optional.of(cursor));
  }

  /** The error a query port throws for a cursor it did not issue or cannot read. */
  public static InvalidInputException invalidCursor() {
    return InvalidInputException.of(
        "INVALID_PAGE_TOKEN", "page_token", "not a page token this list returned");
  }
}
