package dev.fieldops.kernel.paging;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list: at most {@code size} items after the position an opaque cursor names (empty
 * for the first page). Cursors are produced and understood only by the query port that returned
 * them; they encode a keyset position, not an offset, so pages stay stable while items are added.
 */
public record PageRequest(int size, Optional<String> afterCursor) {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  public PageRequest {
    Objects.requireNonNull(afterCursor, "afterCursor");
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("page size must be 1.." + MAX_SIZE + ": " + size);
    }
  }

  /**
   * The page a caller asked for: see {@link #sizeFor(int)} for the size, and an empty (or null)
   * token means the first page.
   *
   * @throws InvalidInputException {@code INVALID_PAGE_SIZE} on {@code page_size} for a negative
   *     size
   */
  public static PageRequest of(int requestedSize, String pageToken) {
    return new PageRequest(
        sizeFor(requestedSize),
        pageToken == null || pageToken.isEmpty() ? Optional.empty() : Optional.of(pageToken));
  }

  /**
   * The number of items to read for a requested {@code page_size}, under the rule every list of the
   * platform shares: 0 (unset) means {@value #DEFAULT_SIZE}, more than {@value #MAX_SIZE} is
   * clamped to {@value #MAX_SIZE}.
   *
   * @throws InvalidInputException {@code INVALID_PAGE_SIZE} on {@code page_size} when negative
   */
  public static int sizeFor(int requestedSize) {
    if (requestedSize < 0) {
      throw InvalidInputException.of("INVALID_PAGE_SIZE", "page_size", "must not be negative");
    }
    return requestedSize == 0 ? DEFAULT_SIZE : Math.min(requestedSize, MAX_SIZE);
  }

  /** The first page of {@code size} items. */
  public static PageRequest first(int size) {
    return new PageRequest(size, Optional.empty());
  }

  /** The page of the same size after the one that returned {@code cursor}. */
  public PageRequest after(String cursor) {
    return new PageRequest(size, Optional.of(cursor));
  }

  /**
   * The error a query port throws for a cursor it did not issue or cannot read: the caller starts
   * again from the first page.
   */
  public static InvalidInputException invalidCursor() {
    return InvalidInputException.of(
        "INVALID_PAGE_TOKEN",
        "page_token",
        "is not a page token of this list; start again without one");
  }
}
