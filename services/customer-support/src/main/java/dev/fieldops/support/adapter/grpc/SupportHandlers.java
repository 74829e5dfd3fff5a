package dev.fieldops.support.adapter.grpc;

import dev.fieldops.support.application.command.AddTicketCommentHandler;
import dev.fieldops.support.application.command.AssignTicketHandler;
import dev.fieldops.support.application.command.CloseTicketHandler;
import dev.fieldops.support.application.command.CreateTicketHandler;
import dev.fieldops.support.application.command.MarkTicketPendingHandler;
import dev.fieldops.support.application.command.ReopenTicketHandler;
import dev.fieldops.support.application.command.ResolveTicketHandler;
import dev.fieldops.support.application.command.ResumeTicketHandler;
import dev.fieldops.support.application.command.UpdateCustomerSupportDetailsHandler;
import dev.fieldops.support.application.command.UpdateTicketHandler;
import dev.fieldops.support.application.query.GetCustomerSupportDetailsHandler;
import dev.fieldops.support.application.query.GetTicketHandler;
import dev.fieldops.support.application.query.ListTicketCommentsHandler;
import dev.fieldops.support.application.query.ListTicketsHandler;
import java.util.Objects;

/** The application handlers the gRPC service calls, one per RPC. */
public record SupportHandlers(
    GetCustomerSupportDetailsHandler getCustomerSupportDetails,
    UpdateCustomerSupportDetailsHandler updateCustomerSupportDetails,
    CreateTicketHandler createTicket,
    GetTicketHandler getTicket,
    ListTicketsHandler listTickets,
    UpdateTicketHandler updateTicket,
    AddTicketCommentHandler addTicketComment,
    ListTicketCommentsHandler listTicketComments,
    AssignTicketHandler assignTicket,
    MarkTicketPendingHandler markTicketPending,
    ResumeTicketHandler resumeTicket,
    ResolveTicketHandler resolveTicket,
    CloseTicketHandler closeTicket,
    ReopenTicketHandler reopenTicket) {

  public SupportHandlers {
    Objects.requireNonNull(getCustomerSupportDetails, "getCustomerSupportDetails");
    Objects.requireNonNull(updateCustomerSupportDetails, "updateCustomerSupportDetails");
    Objects.requireNonNull(createTicket, "createTicket");
    Objects.requireNonNull(getTicket, "getTicket");
    Objects.requireNonNull(listTickets, "listTickets");
    Objects.requireNonNull(updateTicket, "updateTicket");
    Objects.requireNonNull(addTicketComment, "addTicketComment");
    Objects.requireNonNull(listTicketComments, "listTicketComments");
    Objects.requireNonNull(assignTicket, "assignTicket");
    Objects.requireNonNull(markTicketPending, "markTicketPending");
    Objects.requireNonNull(resumeTicket, "resumeTicket");
    Objects.requireNonNull(resolveTicket, "resolveTicket");
    Objects.requireNonNull(closeTicket, "closeTicket");
    Objects.requireNonNull(reopenTicket, "reopenTicket");
  }
}
