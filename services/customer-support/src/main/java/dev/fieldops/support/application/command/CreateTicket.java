package dev.fieldops.support.application.command;

import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.domain.ticket.TicketDraft;
import java.util.Objects;

/** Open a ticket for a customer. */
public record CreateTicket(Principal principal, TicketDraft draft) implements IdempotentCommand {

  public CreateTicket {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(draft, "draft");
  }
}
