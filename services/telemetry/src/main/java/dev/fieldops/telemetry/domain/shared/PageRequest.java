package dev.fieldops.telemetry.domain.shared;

import java.util.Objects;
import java.util.Optional;

/**
 * One page of a keyset-paginated list: at most {@code size} items after the opaque cursor that the
 * previous page returned. Cursors are produced and understood only by the port implementation that
 * served the previous page; an unparsable one is {@code INVALID_PAGE_TOKEN}.
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
   * A page as a client asked for it: a size of 0 (unset) means the default, larger sizes are
   * clamped to the maximum, an empty token means the first page.
   */
  public static PageRequest of(int requestedSize, String pageToken) {
    int size = requestedSize <= 0 ? DEFAULT_SIZE : Math.min(requestedSize, MAX_SIZE);
    Optional<String> cursor =
        pageToken == null || pageToken.isEmpty() ? Optional.empty() : Optional.of(pageToken);
    return new PageRequest(size, cursor);
  }

  /** The first page of the given size. */
  public static PageRequest first(int size) {
    return new PageRequest(size, Optional.empty());
  }

  /** The page after the one that returned {@code cursor}. */
  public PageRequest after(String cursor) {
    return new PageRequest(size, Optional.of(cursor));
  }
}
