package dev.fieldops.support.adapter.grpc;

import dev.fieldops.grpc.Etags;
import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.support.adapter.proto.SupportProtos;
import dev.fieldops.support.application.command.AddTicketComment;
import dev.fieldops.support.application.command.AssignTicket;
import dev.fieldops.support.application.command.CloseTicket;
import dev.fieldops.support.application.command.CreateTicket;
import dev.fieldops.support.application.command.MarkTicketPending;
import dev.fieldops.support.application.command.ReopenTicket;
import dev.fieldops.support.application.command.ResolveTicket;
import dev.fieldops.support.application.command.ResumeTicket;
import dev.fieldops.support.application.command.UpdateCustomerSupportDetails;
import dev.fieldops.support.application.command.UpdateTicket;
import dev.fieldops.support.application.query.GetCustomerSupportDetails;
import dev.fieldops.support.application.query.GetTicket;
import dev.fieldops.support.application.query.ListTicketComments;
import dev.fieldops.support.application.query.ListTickets;
import dev.fieldops.support.application.query.TicketFilter;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsField;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsValues;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.TicketDraft;
import dev.fieldops.support.domain.ticket.TicketEdit;
import dev.fieldops.support.domain.ticket.TicketField;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketStatus;
import dev.fieldops.support.v1.AddTicketCommentRequest;
import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.CloseTicketRequest;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.GetCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.ListTicketCommentsRequest;
import dev.fieldops.support.v1.ListTicketsRequest;
import dev.fieldops.support.v1.MarkTicketPendingRequest;
import dev.fieldops.support.v1.ReopenTicketRequest;
import dev.fieldops.support.v1.ResolveTicketRequest;
import dev.fieldops.support.v1.ResumeTicketRequest;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.UpdateTicketRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CustomerSupportService} requests as customer support's commands and queries. The fields of
 * a resource the request carries ({@code ticket}, {@code details}, {@code comment}) are named as
 * the domain names them ({@code subject}); the service puts the resource's request path in front
 * ({@link dev.fieldops.grpc.FieldPaths}). Request-level fields are named by their request path. An
 * etag is the aggregate's version in decimal ({@link Etags}). A list's page token is its keyset
 * cursor signed and bound to the list, its filters and the caller's scope, so it cannot be replayed
 * elsewhere.
 */
final class CustomerSupportRequests {

  private static final Set<TicketStatus> UNRESOLVED =
      EnumSet.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING);

  private final PageTokens pageTokens;

  CustomerSupportRequests(PageTokens pageTokens) {
    this.pageTokens = Objects.requireNonNull(pageTokens, "pageTokens");
  }

  /** A list query and what its page tokens are bound to. */
  record Listing<Q>(Q query, List<?> tokenScope) {}

  // ---------------------------------------------------------------- support details

  GetCustomerSupportDetails getCustomerSupportDetails(
      Principal principal, GetCustomerSupportDetailsRequest request) {
    return new GetCustomerSupportDetails(principal, CustomerId.of(request.getCustomerId()));
  }

  /** Fields named within the details. */
  UpdateCustomerSupportDetails updateCustomerSupportDetails(
      Principal principal, UpdateCustomerSupportDetailsRequest request) {
    var details = request.getDetails();
    var values =
        new CustomerSupportDetailsValues(
            details.getContactName(),
            details.getEmail(),
            details.getPhone(),
            SupportProtos.tier(details.getSupportTier()),
            details.getNotes());
    return new UpdateCustomerSupportDetails(
        principal,
        CustomerId.of(details.getCustomerId()),
        values,
        CustomerSupportDetailsField.fromPaths(request.getUpdateMask().getPathsList()),
        request.getAllowMissing(),
        Etags.expectedVersion(details.getEtag(), "details.etag"));
  }

  // ---------------------------------------------------------------- tickets

  /** Fields named within the ticket. */
  CreateTicket createTicket(Principal principal, CreateTicketRequest request) {
    var ticket = request.getTicket();
    var draft =
        new TicketDraft(
            CustomerId.of(ticket.getCustomerId()),
            ticket.getSubject(),
            ticket.getDescription(),
            // Unspecified on create means NORMAL (ticket.proto).
            SupportProtos.priority(ticket.getPriority()).orElse(TicketPriority.NORMAL),
            SupportProtos.channel(ticket.getChannel())
                .orElseThrow(
                    () -> InvalidInputException.of("INVALID_TICKET", "channel", "required")),
            optional(ticket.getDeviceId()).map(DeviceId::new),
            optional(ticket.getAlertId()).map(AlertId::new),
            ticket.getTagsList());
    return new CreateTicket(principal, draft);
  }

  GetTicket getTicket(Principal principal, GetTicketRequest request) {
    return new GetTicket(principal, TicketId.parse(request.getTicketId()));
  }

  Listing<ListTickets> listTickets(Principal principal, ListTicketsRequest request) {
    var filter = TicketFilter.any();
    if (!request.getCustomerId().isEmpty()) {
      filter = filter.forCustomer(CustomerId.of(request.getCustomerId()));
    }
    var wantedStatus = SupportProtos.status(request.getStatus());
    if (wantedStatus.isPresent()) {
      filter = filter.withStatus(wantedStatus.get());
    } else if (request.getUnresolvedOnly()) {
      filter =
          new TicketFilter(filter.customerId(), UNRESOLVED, filter.priorities(), filter.assignee());
    }
    var wantedPriority = SupportProtos.priority(request.getPriority());
    if (wantedPriority.isPresent()) {
      filter = filter.withPriority(wantedPriority.get());
    }
    if (!request.getAssignee().isEmpty()) {
      filter = filter.assignedTo(new Assignee(request.getAssignee()));
    }
    var tokenScope =
        List.of(
            "ListTickets",
            request.getCustomerId(),
            request.getStatus().name(),
            request.getPriority().name(),
            request.getAssignee(),
            Boolean.toString(request.getUnresolvedOnly()),
            callerScope(principal));
    return new Listing<>(
        new ListTickets(
            principal, filter, page(request.getPageSize(), request.getPageToken(), tokenScope)),
        tokenScope);
  }

  /** Fields named within the ticket. */
  UpdateTicket updateTicket(Principal principal, UpdateTicketRequest request) {
    var given = request.getTicket();
    var edit =
        new TicketEdit(
            TicketField.fromPaths(request.getUpdateMask().getPathsList()),
            given.getSubject(),
            given.getDescription(),
            SupportProtos.priority(given.getPriority()),
            given.getTagsList());
    return new UpdateTicket(
        principal,
        ticketId(given.getTicketId(), "ticket.ticket_id"),
        edit,
        Etags.expectedVersion(given.getEtag(), "ticket.etag"));
  }

  // ---------------------------------------------------------------- conversation

  /** Fields named within the comment. */
  AddTicketComment addTicketComment(Principal principal, AddTicketCommentRequest request) {
    var ticketId = TicketId.parse(request.getTicketId());
    var visibility =
        SupportProtos.visibility(request.getComment().getVisibility())
            .orElseThrow(
                () ->
                    InvalidInputException.of(
                        "INVALID_COMMENT", "comment.visibility", "PUBLIC or INTERNAL"));
    return new AddTicketComment(principal, ticketId, visibility, request.getComment().getBody());
  }

  Listing<ListTicketComments> listTicketComments(
      Principal principal, ListTicketCommentsRequest request) {
    var ticketId = TicketId.parse(request.getTicketId());
    var tokenScope = List.of("ListTicketComments", request.getTicketId(), callerScope(principal));
    return new Listing<>(
        new ListTicketComments(
            principal, ticketId, page(request.getPageSize(), request.getPageToken(), tokenScope)),
        tokenScope);
  }

  // ---------------------------------------------------------------- transitions

  AssignTicket assignTicket(Principal principal, AssignTicketRequest request) {
    return new AssignTicket(
        principal,
        TicketId.parse(request.getTicketId()),
        new Assignee(request.getAssignee()),
        etag(request.getEtag()));
  }

  MarkTicketPending markTicketPending(Principal principal, MarkTicketPendingRequest request) {
    return new MarkTicketPending(
        principal, TicketId.parse(request.getTicketId()), etag(request.getEtag()));
  }

  ResumeTicket resumeTicket(Principal principal, ResumeTicketRequest request) {
    return new ResumeTicket(
        principal, TicketId.parse(request.getTicketId()), etag(request.getEtag()));
  }

  ResolveTicket resolveTicket(Principal principal, ResolveTicketRequest request) {
    return new ResolveTicket(
        principal,
        TicketId.parse(request.getTicketId()),
        request.getResolution(),
        request.getBillableMinutes(),
        etag(request.getEtag()));
  }

  CloseTicket closeTicket(Principal principal, CloseTicketRequest request) {
    return new CloseTicket(
        principal, TicketId.parse(request.getTicketId()), etag(request.getEtag()));
  }

  ReopenTicket reopenTicket(Principal principal, ReopenTicketRequest request) {
    return new ReopenTicket(
        principal,
        TicketId.parse(request.getTicketId()),
        request.getReason(),
        etag(request.getEtag()));
  }

  // ---------------------------------------------------------------- paging

  /** The token of the page after {@code page}, empty on the last page. */
  String nextToken(Page<?> page, Listing<?> listing) {
    return page.nextCursor()
        .map(cursor -> pageTokens.encode(listing.tokenScope(), List.of(cursor)))
        .orElse("");
  }

  private PageRequest page(int pageSize, String pageToken, List<?> tokenScope) {
    var cursor = pageTokens.decode(pageToken, tokenScope).map(c -> c.string(0));
    var first = PageRequest.of(pageSize, "");
    return cursor.map(first::after).orElse(first);
  }

  /** Whose data the caller sees, so a token cannot be replayed by another caller's scope. */
  private static String callerScope(Principal principal) {
    return principal.confinedToCustomer().map(id -> "customer:" + id).orElse("all");
  }

  // ---------------------------------------------------------------- values

  private static TicketId ticketId(String text, String field) {
    try {
      return TicketId.parse(text);
    } catch (InvalidInputException e) {
      throw InvalidInputException.of(e.reason(), field, "must be a UUID");
    }
  }

  private static ExpectedVersion etag(String etag) {
    return Etags.expectedVersion(etag, "etag");
  }

  private static Optional<String> optional(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }
}
