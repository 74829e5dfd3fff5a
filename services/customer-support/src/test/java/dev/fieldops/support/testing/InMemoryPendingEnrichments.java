package dev.fieldops.support.testing;

import dev.fieldops.support.application.event.PendingEnrichment;
import dev.fieldops.support.application.event.PendingEnrichments;
import dev.fieldops.support.domain.ticket.TicketId;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pending device descriptions in memory; {@link #complete} is atomic like the real one. */
public final class InMemoryPendingEnrichments implements PendingEnrichments {

  private final Map<TicketId, PendingEnrichment> pending = new LinkedHashMap<>();
  private final Map<TicketId, String> errors = new LinkedHashMap<>();

  @Override
  public synchronized void add(PendingEnrichment enrichment) {
    pending.put(enrichment.ticketId(), enrichment);
  }

  @Override
  public synchronized Optional<PendingEnrichment> find(TicketId ticketId) {
    return Optional.ofNullable(pending.get(ticketId));
  }

  @Override
  public synchronized List<PendingEnrichment> due(Instant now, int limit) {
    return pending.values().stream()
        .filter(p -> !p.nextAttemptTime().isAfter(now))
        .sorted(Comparator.comparing(PendingEnrichment::nextAttemptTime))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized void postpone(
      TicketId ticketId, int attempts, Instant nextAttemptTime, String error) {
    var current = pending.get(ticketId);
    if (current != null) {
      pending.put(
          ticketId,
          new PendingEnrichment(
              ticketId, current.deviceId(), current.metric(), attempts, nextAttemptTime));
      errors.put(ticketId, error);
    }
  }

  @Override
  public synchronized boolean complete(TicketId ticketId, Runnable inSameTransaction) {
    var removed = pending.remove(ticketId);
    if (removed == null) {
      return false;
    }
    try {
      inSameTransaction.run();
      return true;
    } catch (RuntimeException e) {
      pending.put(ticketId, removed);
      throw e;
    }
  }

  public synchronized Optional<String> lastError(TicketId ticketId) {
    return Optional.ofNullable(errors.get(ticketId));
  }
}
