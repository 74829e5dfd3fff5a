package dev.fieldops.invoicing.testing;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** Keyset paging over an in-memory list: the cursor is the last key returned, never an offset. */
final class Keyset {

  private Keyset() {}

  static <T> Page<T> page(
      List<T> items, Function<T, String> key, PageRequest request, Predicate<String> wellFormed) {
    request.afterCursor().filter(wellFormed.negate()).ifPresent(Keyset::refuse);
    List<T> after =
        items.stream()
            .sorted(Comparator.comparing(key))
            .filter(
                item ->
                    request.afterCursor().map(c -> key.apply(item).compareTo(c) > 0).orElse(true))
            .toList();
    if (after.size() <= request.size()) {
      return Page.last(after);
    }
    List<T> items1 = after.subList(0, request.size());
    return new Page<>(items1, Optional.of(key.apply(items1.getLast())));
  }

  private static void refuse(String cursor) {
    throw PageRequest.invalidCursor();
  }

  /** Cursors that name a UUID key. */
  static boolean isUuid(String cursor) {
    return cursor.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }
}
