package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.domain.shared.InvalidPageTokens;
import dev.fieldops.telemetry.domain.shared.Page;
import dev.fieldops.telemetry.domain.shared.PageRequest;
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

  static <T> Page<T> page(List<T> items, Function<T, String> key, PageRequest request) {
    var sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(key));
    var after = request.afterCursor().map(KeysetPages::decode);
    var result = new ArrayList<T>();
    for (T item : sorted) {
      if (after.isPresent() && key.apply(item).compareTo(after.get()) <= 0) {
        continue;
      }
      if (result.size() == request.size()) {
        return new Page<>(result, Optional.of(encode(key.apply(result.getLast()))));
      }
      result.add(item);
    }
    return new Page<>(result, Optional.empty());
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
        throw InvalidPageTokens.invalid();
      }
      return text.substring(PREFIX.length());
    } catch (IllegalArgumentException notBase64) {
      throw InvalidPageTokens.invalid();
    }
  }
}
