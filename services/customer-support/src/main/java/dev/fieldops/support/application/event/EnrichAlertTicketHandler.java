package dev.fieldops.support.application.event;

import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.command.AddTicketComment;
import dev.fieldops.support.application.query.TicketQueries;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Describes the device of an alert ticket once the ticket exists: asks telemetry ({@link
 * DeviceDirectory}) for the device and the last hour of its readings, outside any transaction, and
 * adds the answer as an internal note by support's automation while removing the ticket's "pending"
 * marker, in one transaction. If telemetry cannot answer, the marker stays with a later attempt
 * time (see {@link EnrichmentRetry}), so a ticket opened while telemetry was down is described
 * after telemetry is back. A device telemetry does not know is noted as such, and a closed ticket
 * is no longer annotated; both end the waiting.
 *
 * <p>Called right after an alert ticket's transaction commits, and periodically for tickets whose
 * earlier attempts failed ({@link #enrichDue}). Two attempts racing for one ticket both ask
 * telemetry, but only one adds the note.
 */
public final class EnrichAlertTicketHandler {

  /** How far back the readings summary reaches. */
  public static final Duration READINGS_WINDOW = Duration.ofHours(1);

  /** What one attempt did. */
  public enum Outcome {
    /** The device was described on the ticket. */
    ENRICHED,
    /** Telemetry does not know the device; the ticket says so. */
    DEVICE_UNKNOWN,
    /** The ticket was closed meanwhile; nothing was added. */
    TICKET_CLOSED,
    /** Telemetry could not answer; another attempt is scheduled. */
    POSTPONED,
    /** The ticket waits for nothing (already described, or never an alert ticket). */
    NOTHING_PENDING
  }

  private final PendingEnrichments pending;
  private final DeviceDirectory devices;
  private final TicketQueries tickets;
  private final CommandHandler<AddTicketComment, TicketComment> addComment;
  private final EnrichmentRetry retry;
  private final Clock clock;
  private final CommandHandler<Note, Outcome> note;
  private final CommandHandler<Postponement, Outcome> postpone;

  /** The note for a ticket, or how the ticket ended its waiting without one. */
  private record Note(TicketId ticketId, String body, Outcome onSuccess) {}

  /** A failed attempt, with the failures so far and the reason. */
  private record Postponement(TicketId ticketId, int failures, String reason) {}

  /** Over fakes that commit every call: no transaction around the writes. */
  public EnrichAlertTicketHandler(
      PendingEnrichments pending,
      DeviceDirectory devices,
      TicketQueries tickets,
      CommandHandler<AddTicketComment, TicketComment> addComment,
      EnrichmentRetry retry,
      Clock clock) {
    this(pending, devices, tickets, addComment, retry, clock, CommandDecorator.chain(List.of()));
  }

  /**
   * @param decorators wrap each write of an attempt (its transaction): the remote call comes
   *     before, outside any transaction, so an attempt is not one command but a call and then one
   */
  public EnrichAlertTicketHandler(
      PendingEnrichments pending,
      DeviceDirectory devices,
      TicketQueries tickets,
      CommandHandler<AddTicketComment, TicketComment> addComment,
      EnrichmentRetry retry,
      Clock clock,
      CommandDecorator decorators) {
    this.pending = pending;
    this.devices = devices;
    this.tickets = tickets;
    this.addComment = addComment;
    this.retry = retry;
    this.clock = clock;
    this.note = decorators.decorate(this::addNote);
    this.postpone = decorators.decorate(this::recordFailure);
  }

  /** One attempt for one ticket. Must not run inside a transaction: it makes a remote call. */
  public Outcome enrich(TicketId ticketId) {
    var waiting = pending.find(ticketId);
    if (waiting.isEmpty()) {
      return Outcome.NOTHING_PENDING;
    }
    var now = clock.instant();
    var lookup =
        devices.describe(
            waiting.get().deviceId(), waiting.get().metric(), now.minus(READINGS_WINDOW), now);
    return switch (lookup) {
      case DeviceLookup.Unavailable unavailable -> {
        int failures = waiting.get().attempts() + 1;
        yield postpone.handle(new Postponement(ticketId, failures, unavailable.reason()));
      }
      case DeviceLookup.Found found ->
          note.handle(
              new Note(
                  ticketId,
                  AlertTicketText.deviceNote(waiting.get().deviceId(), found.device()),
                  Outcome.ENRICHED));
      case DeviceLookup.UnknownDevice unknown ->
          note.handle(
              new Note(
                  ticketId,
                  AlertTicketText.unknownDeviceNote(waiting.get().deviceId()),
                  Outcome.DEVICE_UNKNOWN));
    };
  }

  /**
   * Attempts the tickets whose next attempt is due, at most {@code limit}, and stops at the first
   * one telemetry could not answer for: the others would most likely fail the same way, and each
   * failure may cost a whole deadline. They stay due for the next run.
   *
   * @return how many tickets got their note (enriched or device unknown)
   */
  public int enrichDue(int limit) {
    int described = 0;
    for (var due : pending.due(clock.instant(), limit)) {
      var outcome = enrich(due.ticketId());
      if (outcome == Outcome.POSTPONED) {
        break;
      }
      if (outcome == Outcome.ENRICHED || outcome == Outcome.DEVICE_UNKNOWN) {
        described++;
      }
    }
    return described;
  }

  private Outcome recordFailure(Postponement failure) {
    pending.postpone(
        failure.ticketId(),
        failure.failures(),
        clock.instant().plus(retry.after(failure.failures())),
        failure.reason());
    return Outcome.POSTPONED;
  }

  private Outcome addNote(Note wanted) {
    var ticketId = wanted.ticketId();
    var body = wanted.body();
    var onSuccess = wanted.onSuccess();
    var result = new Outcome[] {Outcome.NOTHING_PENDING};
    pending.complete(
        ticketId,
        () -> {
          var ticket = tickets.findTicket(ticketId, CustomerScope.unrestricted());
          if (ticket.isEmpty() || ticket.get().status() == TicketStatus.CLOSED) {
            result[0] = Outcome.TICKET_CLOSED;
            return;
          }
          addComment.handle(
              new AddTicketComment(
                  SupportAccess.AUTOMATION, ticketId, CommentVisibility.INTERNAL, body));
          result[0] = onSuccess;
        });
    return result[0];
  }
}
