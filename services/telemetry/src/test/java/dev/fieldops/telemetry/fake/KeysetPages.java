package dev.fieldops.telemetry.fake;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keyset pagination over an in-memory list: the cursor is the opaque, encoded key of the last item.
 */
final class KeysetPages {

  private static final String PREFIX = "k1:";

  private KeysetPages() {}

  /** Items in ascending key order. */
  static <T> Page<T> page(List<T> items, Function<T, String> key, PageRequest request) {
    return page(items, key, request, false);
  }

  /** Items in descending key order (newest first, for time-ordered keys). */
  static <T> Page<T> pageDescending(List<T> items, Function<T, String> key, PageRequest request) {
    return page(items, key, request, true);
  }

  private static <T> Page<T> page(
      List<T> items, Function<T, String> key, PageRequest request, boolean descending) {
    var sorted = new ArrayList<>(items);
    Comparator<T> order = Comparator.comparing(key);
    sorted.sort(descending ? order.reversed() : order);
    var after = request.afterCursor().map(KeysetPages::decode);
    var result = new ArrayList<T>();
    for (T item : sorted) {
      if (after.isPresent() && !isAfter(key.apply(item), after.get(), descending)) {
        continue;
      }
      if (result.size() == request.size()) {
        return new Page<>(result, Optional.of(encode(key.apply(result.getLast()))));
      }
      result.add(item);
    }
    return new Page<>(result, Optional.empty());
  }

  private static boolean isAfter(String key, String cursor, boolean descending) {
    int comparison = key.compareTo(cursor);
    return descending ? comparison < 0 : comparison > 0;
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith(PREFIX)) {
        throw PageRequest.invalidCursor();
      }
      return text.substring(PREFIX.length());
    } catch (IllegalArgumentException notBase64) {
      throw PageRequest.invalidCursor();
    }
  }
}
