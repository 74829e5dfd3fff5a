package dev.fieldops.support.application.event;

import dev.fieldops.support.domain.ticket.TicketId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The marker "this alert ticket still waits for its device details". Written with the ticket (in
 * the transaction that opens it), so a ticket is never left without either its details or the
 * promise to add them.
 */
public interface PendingEnrichments {

  /** Marks a ticket as waiting, in the caller's transaction. */
  void add(PendingEnrichment pending);

  Optional<PendingEnrichment> find(TicketId ticketId);

  /** Waiting tickets whose next attempt is due at {@code now}, the longest-due first. */
  List<PendingEnrichment> due(Instant now, int limit);

  /** Records a failed attempt: the attempt count, when to try again and why it failed. */
  void postpone(TicketId ticketId, int attempts, Instant nextAttemptTime, String error);

  /**
   * Removes the marker and runs {@code inSameTransaction} in the transaction that removes it, so
   * that the details are added exactly once even when two attempts race.
   *
   * @return false (and {@code inSameTransaction} not run) when the marker was already gone
   */
  boolean complete(TicketId ticketId, Runnable inSameTransaction);
}
