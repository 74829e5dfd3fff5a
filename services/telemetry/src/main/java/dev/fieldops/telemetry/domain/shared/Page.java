package dev.fieldops.telemetry.domain.shared;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Items of one page and the cursor of the next one, empty on the last page. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }

  public static <T> Page<T> empty() {
    return new Page<>(List.of(), Optional.empty());
  }

  /** The same page with each item converted (e.g. aggregate to view). */
  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
  }
}
