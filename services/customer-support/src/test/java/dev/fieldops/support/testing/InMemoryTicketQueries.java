package dev.fieldops.support.testing;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.support.application.query.TicketFilter;
import dev.fieldops.support.application.query.TicketQueries;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Queries over {@link InMemoryTicketRepository}, with keyset cursors like the real adapter. */
public final class InMemoryTicketQueries implements TicketQueries {

  /** Orders UUIDs like PostgreSQL's {@code uuid} type: as unsigned 128-bit numbers. */
  static final Comparator<UUID> UNSIGNED =
      (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0
            ? high
            : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
      };

  private static final Comparator<Key> OLDEST_FIRST =
      Comparator.comparing(Key::time).thenComparing(Key::id, UNSIGNED);

  private final InMemoryTicketRepository store;

  public InMemoryTicketQueries(InMemoryTicketRepository store) {
    this.store = store;
  }

  @Override
  public Optional<TicketSnapshot> findTicket(TicketId id, CustomerScope scope) {
    return store.snapshotOf(id, scope);
  }

  @Override
  public Optional<TicketSnapshot> findTicketForAlert(AlertId alertId, CustomerScope scope) {
    return store.snapshots().stream()
        .filter(ticket -> ticket.alertId().equals(Optional.of(alertId)))
        .filter(ticket -> scope.permits(ticket.customerId()))
        .findFirst();
  }

  @Override
  public Page<TicketSnapshot> listTickets(
      TicketFilter filter, CustomerScope scope, PageRequest page) {
    var matching =
        store.snapshots().stream()
            .filter(ticket -> scope.permits(ticket.customerId()) && filter.matches(ticket))
            .toList();
    return page(
        matching,
        ticket -> new Key(ticket.createTime(), ticket.id().value()),
        OLDEST_FIRST.reversed(),
        page);
  }

  @Override
  public Optional<Page<TicketComment>> listComments(
      TicketId ticketId, CustomerScope scope, boolean includeInternal, PageRequest page) {
    if (store.snapshotOf(ticketId, scope).isEmpty()) {
      return Optional.empty();
    }
    var visible =
        store.commentsOf(ticketId).stream()
            .filter(comment -> includeInternal || comment.isPublic())
            .toList();
    return Optional.of(
        page(
            visible,
            comment -> new Key(comment.createTime(), comment.commentId().value()),
            OLDEST_FIRST,
            page));
  }

  private static <T> Page<T> page(
      List<T> items, Function<T, Key> keyOf, Comparator<Key> order, PageRequest page) {
    var after = page.afterCursor().map(InMemoryTicketQueries::decode);
    var rest =
        items.stream()
            .sorted(Comparator.comparing(keyOf, order))
            .filter(item -> after.map(a -> order.compare(keyOf.apply(item), a) > 0).orElse(true))
            .limit(page.size() + 1L)
            .toList();
    if (rest.size() <= page.size()) {
      return Page.last(rest);
    }
    var shown = rest.subList(0, page.size());
    return new Page<>(shown, Optional.of(encode(keyOf.apply(shown.getLast()))));
  }

  private record Key(Instant time, UUID id) {}

  private static String encode(Key key) {
    var text = "k1|" + key.time() + "|" + key.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Key decode(String cursor) {
    try {
      var parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
      if (parts.length != 3 || !parts[0].equals("k1")) {
        throw PageRequest.invalidCursor();
      }
      return new Key(Instant.parse(parts[1]), UUID.fromString(parts[2]));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw PageRequest.invalidCursor();
    }
  }
}
