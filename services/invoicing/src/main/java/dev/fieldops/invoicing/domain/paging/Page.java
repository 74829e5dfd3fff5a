package dev.fieldops.invoicing.domain.paging;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** One page of results and the cursor to the next page (empty on the last page). */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }

  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty());
  }

  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
  }
}
