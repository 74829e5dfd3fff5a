package dev.fieldops.telemetry.adapter.grpc;

import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Page tokens of {@code TelemetryService}'s lists: a query's keyset cursor, signed and bound to the
 * list, its filters and the caller's scope, so that a token is refused on another list, with other
 * filters, or by a caller who sees other customers (a customer cannot reuse an operator's).
 */
final class ListPages {

  private final PageTokens tokens;

  ListPages(PageTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  /**
   * The pages of one list with {@code filter} (the list's name first), as {@code caller} sees it.
   */
  Bound bind(Principal caller, List<String> filter) {
    var bound = new ArrayList<>(filter);
    bound.add(caller.confinedToCustomer().orElse("*"));
    return new Bound(List.copyOf(bound));
  }

  /** The pages of one list, one set of filters and one caller scope. */
  final class Bound {

    private final List<String> filter;

    private Bound(List<String> filter) {
      this.filter = filter;
    }

    /** The page a request asks for: its size clamped, its token read back into a cursor. */
    PageRequest request(int pageSize, String pageToken) {
      return new PageRequest(
          PageTokens.clampPageSize(pageSize),
          tokens.decode(pageToken, filter).map(cursor -> cursor.string(0)));
    }

    /** The token of the page after one that ended at {@code cursor}; empty on the last page. */
    String next(Optional<String> cursor) {
      return cursor.map(c -> tokens.encode(filter, List.of(c))).orElse("");
    }
  }
}
