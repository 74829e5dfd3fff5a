package dev.fieldops.support.testing;

import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.Ticket;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketRepository;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tickets in memory. Stores snapshots, never live aggregates, so every read rebuilds the ticket the
 * way a database adapter would; one lock stands in for the row lock and the transaction.
 */
public final class InMemoryTicketRepository implements TicketRepository {

  private final Map<TicketId, TicketSnapshot> tickets = new LinkedHashMap<>();
  private final Map<TicketId, List<TicketComment>> comments = new HashMap<>();
  private final InMemoryOutbox outbox;

  public InMemoryTicketRepository(InMemoryOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public synchronized void add(Ticket ticket) {
    boolean numberTaken =
        tickets.values().stream().anyMatch(stored -> stored.number().equals(ticket.number()));
    if (tickets.containsKey(ticket.id()) || numberTaken) {
      throw new AlreadyExistsException(
          "TICKET_ALREADY_EXISTS",
          "ticket " + ticket.id() + " or number " + ticket.number() + " exists",
          Map.of("ticket_id", ticket.id().toString()));
    }
    var alertTicket =
        ticket
            .alertId()
            .flatMap(
                alert ->
                    tickets.values().stream()
                        .filter(stored -> stored.alertId().equals(Optional.of(alert)))
                        .findFirst());
    if (alertTicket.isPresent()) {
      throw new AlreadyExistsException(
          "ALERT_TICKET_ALREADY_EXISTS",
          "alert "
              + ticket.alertId().orElseThrow()
              + " already has ticket "
              + alertTicket.get().id(),
          Map.of(
              "alert_id", ticket.alertId().orElseThrow().value(),
              "ticket_id", alertTicket.get().id().toString()));
    }
    tickets.put(ticket.id(), ticket.snapshot());
    save(ticket);
  }

  @Override
  public synchronized Optional<Ticket> find(TicketId id, CustomerScope scope) {
    return snapshot(id, scope).map(Ticket::restore);
  }

  @Override
  public synchronized Ticket update(TicketId id, CustomerScope scope, Consumer<Ticket> change) {
    var ticket = snapshot(id, scope).map(Ticket::restore).orElseThrow(() -> Ticket.notFound(id));
    change.accept(ticket);
    save(ticket);
    return ticket;
  }

  @Override
  public synchronized List<TicketId> findSlaBreachCandidates(Instant now, int limit) {
    return tickets.values().stream()
        .filter(ticket -> ticket.sla().isRunning() && !ticket.sla().overdueAt(now).isEmpty())
        .sorted(Comparator.comparing(ticket -> earliestOverdueDue(ticket, now)))
        .limit(limit)
        .map(TicketSnapshot::id)
        .toList();
  }

  private static Instant earliestOverdueDue(TicketSnapshot ticket, Instant now) {
    return ticket.sla().overdueAt(now).stream()
        .map(target -> ticket.sla().dueTime(target))
        .min(Comparator.naturalOrder())
        .orElse(ticket.sla().dueTime(SlaTarget.RESOLUTION));
  }

  private void save(Ticket ticket) {
    var events = ticket.pullEvents();
    var added = ticket.pullAddedComments();
    if (events.isEmpty() && added.isEmpty()) {
      return;
    }
    tickets.put(ticket.id(), ticket.snapshot());
    comments.computeIfAbsent(ticket.id(), id -> new ArrayList<>()).addAll(added);
    outbox.append(events);
  }

  private Optional<TicketSnapshot> snapshot(TicketId id, CustomerScope scope) {
    return Optional.ofNullable(tickets.get(id)).filter(t -> scope.permits(t.customerId()));
  }

  synchronized List<TicketSnapshot> snapshots() {
    return List.copyOf(tickets.values());
  }

  synchronized Optional<TicketSnapshot> snapshotOf(TicketId id, CustomerScope scope) {
    return snapshot(id, scope);
  }

  public synchronized List<TicketComment> commentsOf(TicketId id) {
    return List.copyOf(comments.getOrDefault(id, List.of()));
  }
}
