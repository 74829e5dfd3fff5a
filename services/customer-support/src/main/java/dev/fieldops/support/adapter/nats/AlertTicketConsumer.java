package dev.fieldops.support.adapter.nats;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.nats.inbox.EventHandler;
import dev.fieldops.nats.inbox.InboundEvent;
import dev.fieldops.nats.inbox.RejectedEventException;
import dev.fieldops.support.application.event.AlertTicketHandler;
import dev.fieldops.support.application.event.AlertTicketOutcome.Effect;
import dev.fieldops.support.application.event.TelemetryAlert;
import dev.fieldops.support.domain.ticket.TicketId;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an alert event to its ticket inside the runner's transaction (the repositories join it
 * through the shared transactor, so ticket, comments, outbox rows and the inbox row commit
 * together). What cannot ever be applied is rejected: an escalation or clearance of an alert
 * without a ticket, or content the ticket rules refuse. A freshly opened ticket is handed to {@code
 * describeDevice} only after the commit, since that asks telemetry over the network.
 */
public final class AlertTicketConsumer implements EventHandler<TelemetryAlert> {

  private static final Logger LOG = LoggerFactory.getLogger(AlertTicketConsumer.class);

  private final AlertTicketHandler tickets;
  private final Transactor transactor;
  private final Consumer<TicketId> describeDevice;

  public AlertTicketConsumer(
      AlertTicketHandler tickets, Transactor transactor, Consumer<TicketId> describeDevice) {
    this.tickets = tickets;
    this.transactor = transactor;
    this.describeDevice = describeDevice;
  }

  @Override
  public void handle(InboundEvent<TelemetryAlert> event) throws RejectedEventException {
    var alert = event.event();
    try {
      var outcome = tickets.handle(alert);
      switch (outcome.effect()) {
        case OPENED -> transactor.afterCommit(() -> describeDevice.accept(outcome.ticketId()));
        case TICKET_CLOSED ->
            LOG.info(
                "alert {}: ticket {} is closed, {} changes nothing",
                alert.alertId(),
                outcome.ticketId(),
                event.type());
        default -> {}
      }
      if (outcome.effect() != Effect.TICKET_CLOSED) {
        LOG.debug(
            "alert {}: {} → ticket {} {}",
            alert.alertId(),
            event.type(),
            outcome.ticketId(),
            outcome.effect());
      }
    } catch (NotFoundException | InvalidInputException e) {
      throw new RejectedEventException(e.getMessage(), e);
    }
  }
}
