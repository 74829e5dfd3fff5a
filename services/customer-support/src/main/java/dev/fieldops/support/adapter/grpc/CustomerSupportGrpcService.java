package dev.fieldops.support.adapter.grpc;

import static dev.fieldops.support.adapter.proto.SupportProtos.authorKind;
import static dev.fieldops.support.adapter.proto.SupportProtos.channel;
import static dev.fieldops.support.adapter.proto.SupportProtos.priority;
import static dev.fieldops.support.adapter.proto.SupportProtos.standing;
import static dev.fieldops.support.adapter.proto.SupportProtos.status;
import static dev.fieldops.support.adapter.proto.SupportProtos.tier;
import static dev.fieldops.support.adapter.proto.SupportProtos.timestamp;
import static dev.fieldops.support.adapter.proto.SupportProtos.visibility;

import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.grpc.Etags;
import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import dev.fieldops.kernel.KeyedCommand;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Replayable;
import dev.fieldops.kernel.RequestKey;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.runtime.IdempotentCommands;
import dev.fieldops.support.adapter.proto.SupportProtos;
import dev.fieldops.support.application.CustomerSupportApplication;
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
import dev.fieldops.support.application.query.CustomerSupportDetailsView;
import dev.fieldops.support.application.query.GetCustomerSupportDetails;
import dev.fieldops.support.application.query.GetTicket;
import dev.fieldops.support.application.query.ListTicketComments;
import dev.fieldops.support.application.query.ListTickets;
import dev.fieldops.support.application.query.TicketFilter;
import dev.fieldops.support.application.query.TicketSummary;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsField;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsValues;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketDraft;
import dev.fieldops.support.domain.ticket.TicketEdit;
import dev.fieldops.support.domain.ticket.TicketField;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketStatus;
import dev.fieldops.support.v1.AddTicketCommentRequest;
import dev.fieldops.support.v1.AddTicketCommentResponse;
import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.AssignTicketResponse;
import dev.fieldops.support.v1.CloseTicketRequest;
import dev.fieldops.support.v1.CloseTicketResponse;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CreateTicketResponse;
import dev.fieldops.support.v1.CustomerSupportDetails;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.support.v1.GetCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.GetCustomerSupportDetailsResponse;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.GetTicketResponse;
import dev.fieldops.support.v1.ListTicketCommentsRequest;
import dev.fieldops.support.v1.ListTicketCommentsResponse;
import dev.fieldops.support.v1.ListTicketsRequest;
import dev.fieldops.support.v1.ListTicketsResponse;
import dev.fieldops.support.v1.MarkTicketPendingRequest;
import dev.fieldops.support.v1.MarkTicketPendingResponse;
import dev.fieldops.support.v1.ReopenTicketRequest;
import dev.fieldops.support.v1.ReopenTicketResponse;
import dev.fieldops.support.v1.ResolveTicketRequest;
import dev.fieldops.support.v1.ResolveTicketResponse;
import dev.fieldops.support.v1.ResumeTicketRequest;
import dev.fieldops.support.v1.ResumeTicketResponse;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketSla;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsResponse;
import dev.fieldops.support.v1.UpdateTicketRequest;
import dev.fieldops.support.v1.UpdateTicketResponse;
import io.grpc.stub.StreamObserver;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code fieldops.support.v1.CustomerSupportService}: proto → command or query → handler → proto.
 *
 * <p>Conventions shared by every RPC: the caller is {@link CallPrincipal#current()}; an etag is the
 * aggregate's version in decimal, an empty etag means unconditional and one that is not a version
 * number is malformed (INVALID_ARGUMENT {@code INVALID_ETAG}, {@link Etags}); the RPCs that take a
 * {@code request_id} call their idempotent command handlers ({@link Idempotent}, decorated in the
 * wiring: the effect, its events and the stored response commit together), which answer a fresh
 * view or the stored response, mapped by the same function the wiring stores; page tokens are the
 * query's keyset cursor signed and bound to the list, its filters and the caller's scope. Domain
 * exceptions propagate to the platform's error mapping; field violations found on the resource get
 * the request path of the resource in front ({@code subject} → {@code ticket.subject}).
 */
public final class CustomerSupportGrpcService
    extends CustomerSupportServiceGrpc.CustomerSupportServiceImplBase {

  private static final String SERVICE = CustomerSupportServiceGrpc.SERVICE_NAME;
  private static final Set<TicketStatus> UNRESOLVED =
      EnumSet.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING);

  /** Request-level fields: never prefixed with the resource's path. */
  private static final Set<String> REQUEST_FIELDS =
      Set.of("request_id", "update_mask", "page_size", "page_token", "ticket_id");

  /** The operation name of CreateTicket's idempotency records. */
  public static final String CREATE_TICKET = SERVICE + "/CreateTicket";

  /** The operation name of AddTicketComment's idempotency records. */
  public static final String ADD_TICKET_COMMENT = SERVICE + "/AddTicketComment";

  /**
   * The commands a client may send again with the same {@code request_id}, each answering either
   * its fresh view or the response stored the first time.
   */
  public record Idempotent(
      CommandHandler<KeyedCommand<CreateTicket>, Replayable<TicketView>> createTicket,
      CommandHandler<KeyedCommand<AddTicketComment>, Replayable<CommentAdded>> addTicketComment) {

    public Idempotent {
      Objects.requireNonNull(createTicket, "createTicket");
      Objects.requireNonNull(addTicketComment, "addTicketComment");
    }
  }

  /** What AddTicketComment answers: the comment and the ticket as the comment left it. */
  public record CommentAdded(TicketComment comment, TicketView ticket) {}

  private final CustomerSupportApplication application;
  private final Idempotent idempotent;
  private final PageTokens pageTokens;

  public CustomerSupportGrpcService(
      CustomerSupportApplication application, Idempotent idempotent, PageTokens pageTokens) {
    this.application = Objects.requireNonNull(application, "application");
    this.idempotent = Objects.requireNonNull(idempotent, "idempotent");
    this.pageTokens = Objects.requireNonNull(pageTokens, "pageTokens");
  }

  // ---------------------------------------------------------------- support details

  @Override
  public void getCustomerSupportDetails(
      GetCustomerSupportDetailsRequest request,
      StreamObserver<GetCustomerSupportDetailsResponse> response) {
    var principal = CallPrincipal.current();
    var view =
        application
            .getCustomerSupportDetails()
            .handle(
                new GetCustomerSupportDetails(principal, CustomerId.of(request.getCustomerId())));
    reply(
        response,
        GetCustomerSupportDetailsResponse.newBuilder()
            .setCustomerSupportDetails(details(view))
            .build());
  }

  @Override
  public void updateCustomerSupportDetails(
      UpdateCustomerSupportDetailsRequest request,
      StreamObserver<UpdateCustomerSupportDetailsResponse> response) {
    var principal = CallPrincipal.current();
    var details = request.getDetails();
    var view =
        onResource(
            "details.",
            () -> {
              var values =
                  new CustomerSupportDetailsValues(
                      details.getContactName(),
                      details.getEmail(),
                      details.getPhone(),
                      SupportProtos.tier(details.getSupportTier()),
                      details.getNotes());
              return application
                  .updateCustomerSupportDetails()
                  .handle(
                      new UpdateCustomerSupportDetails(
                          principal,
                          CustomerId.of(details.getCustomerId()),
                          values,
                          CustomerSupportDetailsField.fromPaths(
                              request.getUpdateMask().getPathsList()),
                          request.getAllowMissing(),
                          Etags.expectedVersion(details.getEtag(), "details.etag")));
            });
    reply(
        response,
        UpdateCustomerSupportDetailsResponse.newBuilder()
            .setCustomerSupportDetails(details(view))
            .build());
  }

  // ---------------------------------------------------------------- tickets

  @Override
  public void createTicket(
      CreateTicketRequest request, StreamObserver<CreateTicketResponse> response) {
    var principal = CallPrincipal.current();
    var result =
        onResource(
            "ticket.",
            () ->
                idempotent
                    .createTicket()
                    .handle(
                        new KeyedCommand<>(
                            new RequestKey(request.getRequestId(), request.toByteArray()),
                            new CreateTicket(principal, draft(request.getTicket())))));
    reply(
        response,
        IdempotentCommands.response(
            result,
            CustomerSupportGrpcService::createTicketResponse,
            CreateTicketResponse.parser()));
  }

  /** CreateTicket's response: also what the wiring stores for its retries. */
  public static CreateTicketResponse createTicketResponse(TicketView view) {
    return CreateTicketResponse.newBuilder().setTicket(ticket(view)).build();
  }

  @Override
  public void getTicket(GetTicketRequest request, StreamObserver<GetTicketResponse> response) {
    var principal = CallPrincipal.current();
    var view =
        application
            .getTicket()
            .handle(new GetTicket(principal, TicketId.parse(request.getTicketId())));
    reply(response, GetTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void listTickets(
      ListTicketsRequest request, StreamObserver<ListTicketsResponse> response) {
    var principal = CallPrincipal.current();
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
    var page =
        application
            .listTickets()
            .handle(
                new ListTickets(
                    principal,
                    filter,
                    pageRequest(request.getPageSize(), request.getPageToken(), tokenScope)));
    reply(
        response,
        ListTicketsResponse.newBuilder()
            .addAllTickets(page.items().stream().map(CustomerSupportGrpcService::ticket).toList())
            .setNextPageToken(nextToken(page, tokenScope))
            .build());
  }

  @Override
  public void updateTicket(
      UpdateTicketRequest request, StreamObserver<UpdateTicketResponse> response) {
    var principal = CallPrincipal.current();
    var given = request.getTicket();
    var view =
        onResource(
            "ticket.",
            () -> {
              var edit =
                  new TicketEdit(
                      TicketField.fromPaths(request.getUpdateMask().getPathsList()),
                      given.getSubject(),
                      given.getDescription(),
                      SupportProtos.priority(given.getPriority()),
                      given.getTagsList());
              return application
                  .updateTicket()
                  .handle(
                      new UpdateTicket(
                          principal,
                          ticketId(given.getTicketId(), "ticket.ticket_id"),
                          edit,
                          Etags.expectedVersion(given.getEtag(), "ticket.etag")));
            });
    reply(response, UpdateTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  // ---------------------------------------------------------------- conversation

  @Override
  public void addTicketComment(
      AddTicketCommentRequest request, StreamObserver<AddTicketCommentResponse> response) {
    var principal = CallPrincipal.current();
    var ticketId = TicketId.parse(request.getTicketId());
    var visibility =
        SupportProtos.visibility(request.getComment().getVisibility())
            .orElseThrow(
                () ->
                    InvalidInputException.of(
                        "INVALID_COMMENT", "comment.visibility", "PUBLIC or INTERNAL"));
    var result =
        onResource(
            "comment.",
            () ->
                idempotent
                    .addTicketComment()
                    .handle(
                        new KeyedCommand<>(
                            new RequestKey(request.getRequestId(), request.toByteArray()),
                            new AddTicketComment(
                                principal, ticketId, visibility, request.getComment().getBody()))));
    reply(
        response,
        IdempotentCommands.response(
            result,
            CustomerSupportGrpcService::addTicketCommentResponse,
            AddTicketCommentResponse.parser()));
  }

  /**
   * AddTicketComment's command: the comment, then the ticket read back in the same transaction, as
   * this comment left it.
   */
  public static CommandHandler<AddTicketComment, CommentAdded> addTicketCommentWithTicket(
      CustomerSupportApplication application) {
    return command -> {
      var added = application.addTicketComment().handle(command);
      var after =
          application.getTicket().handle(new GetTicket(command.principal(), command.ticketId()));
      return new CommentAdded(added, after);
    };
  }

  /** AddTicketComment's response: also what the wiring stores for its retries. */
  public static AddTicketCommentResponse addTicketCommentResponse(CommentAdded added) {
    return AddTicketCommentResponse.newBuilder()
        .setComment(comment(added.comment()))
        .setTicket(ticket(added.ticket()))
        .build();
  }

  @Override
  public void listTicketComments(
      ListTicketCommentsRequest request, StreamObserver<ListTicketCommentsResponse> response) {
    var principal = CallPrincipal.current();
    var ticketId = TicketId.parse(request.getTicketId());
    var tokenScope = List.of("ListTicketComments", request.getTicketId(), callerScope(principal));
    var page =
        application
            .listTicketComments()
            .handle(
                new ListTicketComments(
                    principal,
                    ticketId,
                    pageRequest(request.getPageSize(), request.getPageToken(), tokenScope)));
    reply(
        response,
        ListTicketCommentsResponse.newBuilder()
            .addAllComments(page.items().stream().map(CustomerSupportGrpcService::comment).toList())
            .setNextPageToken(nextToken(page, tokenScope))
            .build());
  }

  // ---------------------------------------------------------------- transitions

  @Override
  public void assignTicket(
      AssignTicketRequest request, StreamObserver<AssignTicketResponse> response) {
    var principal = CallPrincipal.current();
    var view =
        application
            .assignTicket()
            .handle(
                new AssignTicket(
                    principal,
                    TicketId.parse(request.getTicketId()),
                    new Assignee(request.getAssignee()),
                    Etags.expectedVersion(request.getEtag(), "etag")));
    reply(response, AssignTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void markTicketPending(
      MarkTicketPendingRequest request, StreamObserver<MarkTicketPendingResponse> response) {
    var view =
        application
            .markTicketPending()
            .handle(
                new MarkTicketPending(
                    CallPrincipal.current(),
                    TicketId.parse(request.getTicketId()),
                    Etags.expectedVersion(request.getEtag(), "etag")));
    reply(response, MarkTicketPendingResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void resumeTicket(
      ResumeTicketRequest request, StreamObserver<ResumeTicketResponse> response) {
    var view =
        application
            .resumeTicket()
            .handle(
                new ResumeTicket(
                    CallPrincipal.current(),
                    TicketId.parse(request.getTicketId()),
                    Etags.expectedVersion(request.getEtag(), "etag")));
    reply(response, ResumeTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void resolveTicket(
      ResolveTicketRequest request, StreamObserver<ResolveTicketResponse> response) {
    var view =
        application
            .resolveTicket()
            .handle(
                new ResolveTicket(
                    CallPrincipal.current(),
                    TicketId.parse(request.getTicketId()),
                    request.getResolution(),
                    request.getBillableMinutes(),
                    Etags.expectedVersion(request.getEtag(), "etag")));
    reply(response, ResolveTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void closeTicket(
      CloseTicketRequest request, StreamObserver<CloseTicketResponse> response) {
    var view =
        application
            .closeTicket()
            .handle(
                new CloseTicket(
                    CallPrincipal.current(),
                    TicketId.parse(request.getTicketId()),
                    Etags.expectedVersion(request.getEtag(), "etag")));
    reply(response, CloseTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void reopenTicket(
      ReopenTicketRequest request, StreamObserver<ReopenTicketResponse> response) {
    var view =
        application
            .reopenTicket()
            .handle(
                new ReopenTicket(
                    CallPrincipal.current(),
                    TicketId.parse(request.getTicketId()),
                    request.getReason(),
                    Etags.expectedVersion(request.getEtag(), "etag")));
    reply(response, ReopenTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  // ---------------------------------------------------------------- requests → application

  private static TicketDraft draft(Ticket ticket) {
    return new TicketDraft(
        CustomerId.of(ticket.getCustomerId()),
        ticket.getSubject(),
        ticket.getDescription(),
        // Unspecified on create means NORMAL (ticket.proto).
        SupportProtos.priority(ticket.getPriority()).orElse(TicketPriority.NORMAL),
        SupportProtos.channel(ticket.getChannel())
            .orElseThrow(() -> InvalidInputException.of("INVALID_TICKET", "channel", "required")),
        optional(ticket.getDeviceId()).map(DeviceId::new),
        optional(ticket.getAlertId()).map(AlertId::new),
        ticket.getTagsList());
  }

  private static TicketId ticketId(String text, String field) {
    try {
      return TicketId.parse(text);
    } catch (InvalidInputException e) {
      throw InvalidInputException.of(e.reason(), field, "must be a UUID");
    }
  }

  private PageRequest pageRequest(int pageSize, String pageToken, List<?> tokenScope) {
    var cursor = pageTokens.decode(pageToken, tokenScope).map(c -> c.string(0));
    var first = PageRequest.of(pageSize, "");
    return cursor.map(first::after).orElse(first);
  }

  private String nextToken(Page<?> page, List<?> tokenScope) {
    return page.nextCursor()
        .map(cursor -> pageTokens.encode(tokenScope, List.of(cursor)))
        .orElse("");
  }

  /** Whose data the caller sees, so a token cannot be replayed by another caller's scope. */
  private static String callerScope(Principal principal) {
    return principal.confinedToCustomer().map(id -> "customer:" + id).orElse("all");
  }

  /**
   * Runs {@code work}, reporting invalid fields of the resource under its request path ({@code
   * subject} → {@code ticket.subject}).
   */
  private static <T> T onResource(String prefix, Supplier<T> work) {
    try {
      return work.get();
    } catch (InvalidInputException e) {
      var violations =
          e.violations().stream()
              .map(
                  v ->
                      REQUEST_FIELDS.contains(v.field()) || v.field().contains(".")
                          ? v
                          : new FieldViolation(prefix + v.field(), v.description()))
              .toList();
      throw new InvalidInputException(e.reason(), violations);
    }
  }

  private static Optional<String> optional(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static <T> void reply(StreamObserver<T> observer, T message) {
    observer.onNext(message);
    observer.onCompleted();
  }

  // ---------------------------------------------------------------- application → responses

  private static CustomerSupportDetails details(CustomerSupportDetailsView view) {
    var details =
        CustomerSupportDetails.newBuilder()
            .setCustomerId(view.customerId().value())
            .setContactName(view.contactName())
            .setEmail(view.email())
            .setPhone(view.phone())
            .setSupportTier(tier(view.supportTier()))
            .setNotes(view.notes().orElse(""))
            .setEtag(Etags.of(view.version()))
            .setCreateTime(timestamp(view.createTime()))
            .setUpdateTime(timestamp(view.updateTime()))
            .setOpenTicketCount(view.openTicketCount())
            .setAccountStanding(standing(view.accountStanding()))
            .setActiveAlertCount(view.activeAlertCount());
    for (TicketSummary summary : view.recentTickets()) {
      details.addRecentTickets(
          dev.fieldops.support.v1.TicketSummary.newBuilder()
              .setTicketId(summary.ticketId().toString())
              .setTicketNumber(summary.ticketNumber().toString())
              .setSubject(summary.subject())
              .setPriority(priority(summary.priority()))
              .setStatus(status(summary.status()))
              .setCreateTime(timestamp(summary.createTime()))
              .setUpdateTime(timestamp(summary.updateTime())));
    }
    return details.build();
  }

  private static Ticket ticket(TicketView view) {
    var sla = view.sla();
    var slaProto =
        TicketSla.newBuilder()
            .setFirstResponseDueTime(timestamp(sla.firstResponseDue()))
            .setResolutionDueTime(timestamp(sla.resolutionDue()))
            .setFirstResponseBreached(sla.firstResponseBreached())
            .setResolutionBreached(sla.resolutionBreached())
            .setPaused(sla.paused());
    sla.firstResponseTime().ifPresent(t -> slaProto.setFirstResponseTime(timestamp(t)));
    var ticket =
        Ticket.newBuilder()
            .setTicketId(view.ticketId().toString())
            .setTicketNumber(view.ticketNumber().toString())
            .setCustomerId(view.customerId().value())
            .setSubject(view.subject())
            .setDescription(view.description())
            .setPriority(priority(view.priority()))
            .setChannel(channel(view.channel()))
            .setDeviceId(view.deviceId().map(DeviceId::value).orElse(""))
            .setAlertId(view.alertId().map(AlertId::value).orElse(""))
            .setStatus(status(view.status()))
            .setAssignee(view.assignee().map(Assignee::subject).orElse(""))
            .addAllTags(view.tags())
            .setResolution(view.resolution().orElse(""))
            .setBillableMinutes(view.billableMinutes())
            .setSla(slaProto)
            .setEtag(Etags.of(view.revision()))
            .setCreateTime(timestamp(view.createTime()))
            .setUpdateTime(timestamp(view.updateTime()));
    view.resolveTime().ifPresent(t -> ticket.setResolveTime(timestamp(t)));
    view.closeTime().ifPresent(t -> ticket.setCloseTime(timestamp(t)));
    return ticket.build();
  }

  private static dev.fieldops.support.v1.TicketComment comment(TicketComment comment) {
    return dev.fieldops.support.v1.TicketComment.newBuilder()
        .setCommentId(comment.commentId().toString())
        .setTicketId(comment.ticketId().toString())
        .setAuthor(comment.author().subject())
        .setAuthorKind(authorKind(comment.author().kind()))
        .setVisibility(visibility(comment.visibility()))
        .setBody(comment.body())
        .setCreateTime(timestamp(comment.createTime()))
        .build();
  }
}
