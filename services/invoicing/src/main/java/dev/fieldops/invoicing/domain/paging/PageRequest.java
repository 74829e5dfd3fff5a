package dev.fieldops.invoicing.domain.paging;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * Which page to read: at most {@code size} items after the position {@code afterCursor} names (the
 * {@link Page#nextCursor()} of the previous page), or from the start when empty.
 */
public record PageRequest(int size, Optional<String> afterCursor) {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  public PageRequest {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("page size out of range: " + size);
    }
    Objects.requireNonNull(afterCursor, "afterCursor");
  }

  /** The first page of {@code size} items. */
  public static PageRequest first(int size) {
    return new PageRequest(size, Optional.empty());
  }

  /**
   * From a request's {@code page_size} and {@code page_token} under the common rules: 0 means the
   * default (50), more than 500 is clamped to 500, a negative size is invalid, an empty token is the
   * first page.
   */
  public static PageRequest of(int requestedSize, String pageToken) {
    if (requestedSize < 0) {
      throw InvalidInputException.of("INVALID_PAGE_SIZE", "page_size", "must not be negative");
    }
    int size = requestedSize == 0 ? DEFAULT_SIZE : Math.min(requestedSize, MAX_SIZE);
    return new PageRequest(
        size, pageToken == null || pageToken.isEmpty() ? Optional.empty() : Optional.of(pageToken));
  }
}
