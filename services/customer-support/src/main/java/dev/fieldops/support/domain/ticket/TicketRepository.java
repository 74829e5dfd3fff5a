package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.support.domain.customer.CustomerScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where tickets are kept. Every write stores, in one transaction: the ticket's state ({@link
 * Ticket#snapshot()}), the comments it added ({@link Ticket#pullAddedComments()}) and the events it
 * raised ({@link Ticket#pullEvents()}) as outbox rows, in the order raised.
 *
 * <p>Object-level security is part of every lookup: a {@link CustomerScope} confined to one
 * customer turns another customer's ticket into "not found", in the query itself.
 */
public interface TicketRepository {

  /**
   * Stores a newly opened ticket with its events. A telemetry alert has at most one ticket.
   *
   * @throws AlreadyExistsException {@code ALERT_TICKET_ALREADY_EXISTS} when the ticket's alert
   *     already has a ticket; {@code TICKET_ALREADY_EXISTS} when its id or number is taken (which
   *     only a broken id source or number sequence can cause)
   */
  void add(Ticket ticket);

  /** The ticket if it exists and lies inside {@code scope}; empty otherwise. */
  Optional<Ticket> find(TicketId id, CustomerScope scope);

  /**
   * Changes a ticket in one transaction: loads it (locking it against concurrent changes), calls
   * {@code change} — which invokes the ticket's domain methods — and stores the ticket, its new
   * comments and its events. When {@code change} throws, nothing is stored and the exception
   * propagates. When {@code change} raised no event the ticket is unchanged and need not be
   * written. An implementation that retries the transaction (serialization failure, deadlock) calls
   * {@code change} again on a freshly loaded ticket; callers keep {@code change} free of other side
   * effects.
   *
   * @return the ticket after the change
   * @throws NotFoundException {@code TICKET_NOT_FOUND} when the ticket does not exist or lies
   *     outside {@code scope}; {@code change} is not called then
   */
  Ticket update(TicketId id, CustomerScope scope, Consumer<Ticket> change);

  /**
   * Tickets that may have an SLA breach to record at {@code now}, earliest due first, at most
   * {@code limit}: the SLA clock runs (status NEW or OPEN) and a target is overdue and not yet
   * recorded — that is, in terms of the snapshot, {@code (sla.firstResponseTime is empty AND
   * FIRST_RESPONSE not in sla.breached AND sla.firstResponseDue < now) OR (RESOLUTION not in
   * sla.breached AND sla.resolutionDue < now)}, which is {@code !sla.overdueAt(now).isEmpty()}.
   * Tickets whose clock is halted never qualify: the change that halted it already recorded its
   * breaches.
   */
  List<TicketId> findSlaBreachCandidates(Instant now, int limit);
}
