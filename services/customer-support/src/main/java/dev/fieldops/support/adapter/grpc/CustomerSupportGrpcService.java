package dev.fieldops.support.adapter.grpc;

import static dev.fieldops.support.adapter.proto.SupportProtos.comment;
import static dev.fieldops.support.adapter.proto.SupportProtos.details;
import static dev.fieldops.support.adapter.proto.SupportProtos.ticket;

import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.grpc.Etags;
import dev.fieldops.grpc.FieldPaths;
import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.KeyedCommand;
import dev.fieldops.kernel.Replayable;
import dev.fieldops.kernel.RequestKey;
import dev.fieldops.runtime.IdempotentCommands;
import dev.fieldops.support.adapter.proto.SupportProtos;
import dev.fieldops.support.application.CustomerSupportApplication;
import dev.fieldops.support.application.command.AddTicketComment;
import dev.fieldops.support.application.command.CreateTicket;
import dev.fieldops.support.application.query.GetTicket;
import dev.fieldops.support.application.query.TicketView;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.v1.AddTicketCommentRequest;
import dev.fieldops.support.v1.AddTicketCommentResponse;
import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.AssignTicketResponse;
import dev.fieldops.support.v1.CloseTicketRequest;
import dev.fieldops.support.v1.CloseTicketResponse;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CreateTicketResponse;
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
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsResponse;
import dev.fieldops.support.v1.UpdateTicketRequest;
import dev.fieldops.support.v1.UpdateTicketResponse;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.Set;

/**
 * {@code fieldops.support.v1.CustomerSupportService}: each request becomes a command or query
 * ({@link CustomerSupportRequests}), its handler runs, and the result goes back as the API's
 * resource ({@link SupportProtos}). No rule is decided here.
 *
 * <p>Conventions shared by every RPC: the caller is {@link CallPrincipal#current()}; an etag is the
 * aggregate's version in decimal, an empty etag means unconditional and one that is not a version
 * number is malformed (INVALID_ARGUMENT {@code INVALID_ETAG}, {@link Etags}); the RPCs that take a
 * {@code request_id} call their idempotent command handlers ({@link Idempotent}, decorated in the
 * wiring: the effect, its events and the stored response commit together), which answer a fresh
 * view or the stored response, mapped by the same function the wiring stores. Domain exceptions
 * propagate to the platform's error mapping; a field the domain names within a resource the request
 * carries gets the resource's request path in front ({@code subject} → {@code ticket.subject},
 * {@link FieldPaths}).
 */
public final class CustomerSupportGrpcService
    extends CustomerSupportServiceGrpc.CustomerSupportServiceImplBase {

  /** Request-level fields: never put under a resource's path. */
  private static final Set<String> REQUEST_FIELDS =
      Set.of("request_id", "update_mask", "page_size", "page_token", "ticket_id");

  /** The operation name of CreateTicket's idempotency records. */
  public static final String CREATE_TICKET =
      CustomerSupportServiceGrpc.getCreateTicketMethod().getFullMethodName();

  /** The operation name of AddTicketComment's idempotency records. */
  public static final String ADD_TICKET_COMMENT =
      CustomerSupportServiceGrpc.getAddTicketCommentMethod().getFullMethodName();

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
  private final CustomerSupportRequests requests;

  public CustomerSupportGrpcService(
      CustomerSupportApplication application, Idempotent idempotent, PageTokens pageTokens) {
    this.application = Objects.requireNonNull(application, "application");
    this.idempotent = Objects.requireNonNull(idempotent, "idempotent");
    this.requests = new CustomerSupportRequests(pageTokens);
  }

  // ---------------------------------------------------------------- support details

  @Override
  public void getCustomerSupportDetails(
      GetCustomerSupportDetailsRequest request,
      StreamObserver<GetCustomerSupportDetailsResponse> response) {
    var query = requests.getCustomerSupportDetails(CallPrincipal.current(), request);
    var view = application.getCustomerSupportDetails().handle(query);
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
    var view =
        FieldPaths.underResource(
            "details.",
            REQUEST_FIELDS,
            () ->
                application
                    .updateCustomerSupportDetails()
                    .handle(requests.updateCustomerSupportDetails(principal, request)));
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
        FieldPaths.underResource(
            "ticket.",
            REQUEST_FIELDS,
            () ->
                idempotent
                    .createTicket()
                    .handle(
                        new KeyedCommand<>(
                            new RequestKey(request.getRequestId(), request.toByteArray()),
                            requests.createTicket(principal, request))));
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
    var view = application.getTicket().handle(requests.getTicket(CallPrincipal.current(), request));
    reply(response, GetTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void listTickets(
      ListTicketsRequest request, StreamObserver<ListTicketsResponse> response) {
    var listing = requests.listTickets(CallPrincipal.current(), request);
    var page = application.listTickets().handle(listing.query());
    reply(
        response,
        ListTicketsResponse.newBuilder()
            .addAllTickets(page.items().stream().map(SupportProtos::ticket).toList())
            .setNextPageToken(requests.nextToken(page, listing))
            .build());
  }

  @Override
  public void updateTicket(
      UpdateTicketRequest request, StreamObserver<UpdateTicketResponse> response) {
    var principal = CallPrincipal.current();
    var view =
        FieldPaths.underResource(
            "ticket.",
            REQUEST_FIELDS,
            () -> application.updateTicket().handle(requests.updateTicket(principal, request)));
    reply(response, UpdateTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  // ---------------------------------------------------------------- conversation

  @Override
  public void addTicketComment(
      AddTicketCommentRequest request, StreamObserver<AddTicketCommentResponse> response) {
    var principal = CallPrincipal.current();
    var result =
        FieldPaths.underResource(
            "comment.",
            REQUEST_FIELDS,
            () ->
                idempotent
                    .addTicketComment()
                    .handle(
                        new KeyedCommand<>(
                            new RequestKey(request.getRequestId(), request.toByteArray()),
                            requests.addTicketComment(principal, request))));
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
    var listing = requests.listTicketComments(CallPrincipal.current(), request);
    var page = application.listTicketComments().handle(listing.query());
    reply(
        response,
        ListTicketCommentsResponse.newBuilder()
            .addAllComments(page.items().stream().map(SupportProtos::comment).toList())
            .setNextPageToken(requests.nextToken(page, listing))
            .build());
  }

  // ---------------------------------------------------------------- transitions

  @Override
  public void assignTicket(
      AssignTicketRequest request, StreamObserver<AssignTicketResponse> response) {
    var command = requests.assignTicket(CallPrincipal.current(), request);
    var view = application.assignTicket().handle(command);
    reply(response, AssignTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void markTicketPending(
      MarkTicketPendingRequest request, StreamObserver<MarkTicketPendingResponse> response) {
    var command = requests.markTicketPending(CallPrincipal.current(), request);
    var view = application.markTicketPending().handle(command);
    reply(response, MarkTicketPendingResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void resumeTicket(
      ResumeTicketRequest request, StreamObserver<ResumeTicketResponse> response) {
    var command = requests.resumeTicket(CallPrincipal.current(), request);
    var view = application.resumeTicket().handle(command);
    reply(response, ResumeTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void resolveTicket(
      ResolveTicketRequest request, StreamObserver<ResolveTicketResponse> response) {
    var command = requests.resolveTicket(CallPrincipal.current(), request);
    var view = application.resolveTicket().handle(command);
    reply(response, ResolveTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void closeTicket(
      CloseTicketRequest request, StreamObserver<CloseTicketResponse> response) {
    var command = requests.closeTicket(CallPrincipal.current(), request);
    var view = application.closeTicket().handle(command);
    reply(response, CloseTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  @Override
  public void reopenTicket(
      ReopenTicketRequest request, StreamObserver<ReopenTicketResponse> response) {
    var command = requests.reopenTicket(CallPrincipal.current(), request);
    var view = application.reopenTicket().handle(command);
    reply(response, ReopenTicketResponse.newBuilder().setTicket(ticket(view)).build());
  }

  private static <T> void reply(StreamObserver<T> observer, T message) {
    observer.onNext(message);
    observer.onCompleted();
  }
}
