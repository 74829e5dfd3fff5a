package dev.fieldops.kernel.paging;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** One page of results and, unless it is the last page, the cursor of the next one. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }

  /** The last page: nothing follows {@code items}. */
  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty());
  }

  /** A list with nothing in it (or nothing the caller may see). */
  public static <T> Page<T> empty() {
    return last(List.of());
  }

  /** The same page with each item converted (for example aggregate to view). */
  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
  }
}
