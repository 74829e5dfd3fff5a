package dev.fieldops.invoicing.adapter.grpc;

import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.charge;
import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.customerBalance;
import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.customerPaymentTerms;
import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.invoice;
import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.line;
import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.payment;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.grpc.FieldPaths;
import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.invoicing.application.InvoicingApplication;
import dev.fieldops.invoicing.application.command.AddInvoiceLine;
import dev.fieldops.invoicing.application.command.AddInvoiceLineHandler;
import dev.fieldops.invoicing.application.command.CreateInvoice;
import dev.fieldops.invoicing.application.command.DraftInvoiceFromUnbilledCharges;
import dev.fieldops.invoicing.application.command.RecordPayment;
import dev.fieldops.invoicing.application.command.RecordPaymentHandler;
import dev.fieldops.invoicing.application.command.RecordUnbilledCharge;
import dev.fieldops.invoicing.application.command.RecordUnbilledChargeHandler;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.v1.AddInvoiceLineRequest;
import dev.fieldops.invoicing.v1.AddInvoiceLineResponse;
import dev.fieldops.invoicing.v1.CreateInvoiceRequest;
import dev.fieldops.invoicing.v1.CreateInvoiceResponse;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesResponse;
import dev.fieldops.invoicing.v1.GetCustomerBalanceRequest;
import dev.fieldops.invoicing.v1.GetCustomerBalanceResponse;
import dev.fieldops.invoicing.v1.GetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.GetCustomerPaymentTermsResponse;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.GetInvoiceResponse;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.IssueInvoiceResponse;
import dev.fieldops.invoicing.v1.ListInvoicePaymentsRequest;
import dev.fieldops.invoicing.v1.ListInvoicePaymentsResponse;
import dev.fieldops.invoicing.v1.ListInvoicesRequest;
import dev.fieldops.invoicing.v1.ListInvoicesResponse;
import dev.fieldops.invoicing.v1.ListUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.ListUnbilledChargesResponse;
import dev.fieldops.invoicing.v1.RecordPaymentRequest;
import dev.fieldops.invoicing.v1.RecordPaymentResponse;
import dev.fieldops.invoicing.v1.RecordUnbilledChargeRequest;
import dev.fieldops.invoicing.v1.RecordUnbilledChargeResponse;
import dev.fieldops.invoicing.v1.RemoveInvoiceLineRequest;
import dev.fieldops.invoicing.v1.RemoveInvoiceLineResponse;
import dev.fieldops.invoicing.v1.SetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.SetCustomerPaymentTermsResponse;
import dev.fieldops.invoicing.v1.VoidInvoiceRequest;
import dev.fieldops.invoicing.v1.VoidInvoiceResponse;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.KeyedCommand;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Replayable;
import dev.fieldops.kernel.RequestKey;
import dev.fieldops.runtime.IdempotentCommands;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code fieldops.invoicing.v1.InvoicingService}: each request becomes a command or query ({@link
 * InvoicingRequests}), its handler runs, and the result goes back as the API's resource ({@code
 * InvoicingProtos}). No rule is decided here. Requests with a {@code request_id} (CreateInvoice,
 * AddInvoiceLine, RecordPayment, RecordUnbilledCharge, DraftInvoiceFromUnbilledCharges) call their
 * idempotent command handlers ({@link Idempotent}, decorated in the wiring: the effect, its outbox
 * rows and the stored response commit in one transaction), which answer a fresh view or the stored
 * response, mapped by the same function the wiring stores. Domain exceptions propagate to the
 * platform's error mapping; a field the domain names within a resource the request carries gets the
 * resource's request path in front ({@code lines[2].unit_price} → {@code
 * invoice.lines[2].unit_price}, {@link FieldPaths}).
 */
public final class InvoicingGrpcService extends InvoicingServiceGrpc.InvoicingServiceImplBase {

  /** Request-level fields: never put under a resource's path. */
  private static final Set<String> REQUEST_FIELDS = Set.of("request_id");

  /**
   * The commands a client may send again with the same {@code request_id}, each answering either
   * its fresh view or the response stored the first time. Their operation names are the RPCs' full
   * method names.
   */
  public record Idempotent(
      CommandHandler<KeyedCommand<CreateInvoice>, Replayable<InvoiceSnapshot>> createInvoice,
      CommandHandler<KeyedCommand<AddInvoiceLine>, Replayable<AddInvoiceLineHandler.Result>>
          addInvoiceLine,
      CommandHandler<KeyedCommand<RecordPayment>, Replayable<RecordPaymentHandler.Result>>
          recordPayment,
      CommandHandler<
              KeyedCommand<RecordUnbilledCharge>, Replayable<RecordUnbilledChargeHandler.Result>>
          recordUnbilledCharge,
      CommandHandler<KeyedCommand<DraftInvoiceFromUnbilledCharges>, Replayable<InvoiceSnapshot>>
          draftFromUnbilledCharges) {

    public Idempotent {
      Objects.requireNonNull(createInvoice, "createInvoice");
      Objects.requireNonNull(addInvoiceLine, "addInvoiceLine");
      Objects.requireNonNull(recordPayment, "recordPayment");
      Objects.requireNonNull(recordUnbilledCharge, "recordUnbilledCharge");
      Objects.requireNonNull(draftFromUnbilledCharges, "draftFromUnbilledCharges");
    }
  }

  private final InvoicingApplication application;
  private final Idempotent idempotent;
  private final InvoicingRequests requests;

  public InvoicingGrpcService(
      InvoicingApplication application, Idempotent idempotent, PageTokens pageTokens) {
    this.application = Objects.requireNonNull(application, "application");
    this.idempotent = Objects.requireNonNull(idempotent, "idempotent");
    this.requests = new InvoicingRequests(pageTokens);
  }

  // ---- invoices -------------------------------------------------------------------------------

  @Override
  public void createInvoice(
      CreateInvoiceRequest request, StreamObserver<CreateInvoiceResponse> out) {
    Principal caller = CallPrincipal.current();
    reply(
        out,
        FieldPaths.underResource(
            "invoice.",
            REQUEST_FIELDS,
            () ->
                once(
                    idempotent.createInvoice(),
                    request,
                    request.getRequestId(),
                    requests.createInvoice(caller, request),
                    InvoicingGrpcService::createInvoiceResponse,
                    CreateInvoiceResponse.parser())));
  }

  @Override
  public void getInvoice(GetInvoiceRequest request, StreamObserver<GetInvoiceResponse> out) {
    var query = requests.getInvoice(CallPrincipal.current(), request);
    var found = application.getInvoice().handle(query);
    reply(out, GetInvoiceResponse.newBuilder().setInvoice(invoice(found)).build());
  }

  @Override
  public void listInvoices(ListInvoicesRequest request, StreamObserver<ListInvoicesResponse> out) {
    var listing = requests.listInvoices(CallPrincipal.current(), request);
    var page = application.listInvoices().handle(listing.query());
    var response = ListInvoicesResponse.newBuilder();
    page.items().forEach(found -> response.addInvoices(invoice(found)));
    response.setNextPageToken(requests.nextToken(page, listing));
    reply(out, response.build());
  }

  @Override
  public void addInvoiceLine(
      AddInvoiceLineRequest request, StreamObserver<AddInvoiceLineResponse> out) {
    Principal caller = CallPrincipal.current();
    reply(
        out,
        once(
            idempotent.addInvoiceLine(),
            request,
            request.getRequestId(),
            requests.addInvoiceLine(caller, request),
            InvoicingGrpcService::addInvoiceLineResponse,
            AddInvoiceLineResponse.parser()));
  }

  @Override
  public void removeInvoiceLine(
      RemoveInvoiceLineRequest request, StreamObserver<RemoveInvoiceLineResponse> out) {
    var command = requests.removeInvoiceLine(CallPrincipal.current(), request);
    var changed = application.removeInvoiceLine().handle(command);
    reply(out, RemoveInvoiceLineResponse.newBuilder().setInvoice(invoice(changed)).build());
  }

  @Override
  public void issueInvoice(IssueInvoiceRequest request, StreamObserver<IssueInvoiceResponse> out) {
    var command = requests.issueInvoice(CallPrincipal.current(), request);
    var issued = application.issueInvoice().handle(command);
    reply(out, IssueInvoiceResponse.newBuilder().setInvoice(invoice(issued)).build());
  }

  @Override
  public void voidInvoice(VoidInvoiceRequest request, StreamObserver<VoidInvoiceResponse> out) {
    var command = requests.voidInvoice(CallPrincipal.current(), request);
    var voided = application.voidInvoice().handle(command);
    reply(out, VoidInvoiceResponse.newBuilder().setInvoice(invoice(voided)).build());
  }

  // ---- payments -------------------------------------------------------------------------------

  @Override
  public void recordPayment(
      RecordPaymentRequest request, StreamObserver<RecordPaymentResponse> out) {
    Principal caller = CallPrincipal.current();
    reply(
        out,
        once(
            idempotent.recordPayment(),
            request,
            request.getRequestId(),
            requests.recordPayment(caller, request),
            InvoicingGrpcService::recordPaymentResponse,
            RecordPaymentResponse.parser()));
  }

  @Override
  public void listInvoicePayments(
      ListInvoicePaymentsRequest request, StreamObserver<ListInvoicePaymentsResponse> out) {
    var listing = requests.listInvoicePayments(CallPrincipal.current(), request);
    var invoiceId = listing.query().invoiceId();
    var page = application.listInvoicePayments().handle(listing.query());
    var response = ListInvoicePaymentsResponse.newBuilder();
    page.items().forEach(paid -> response.addPayments(payment(invoiceId, paid)));
    response.setNextPageToken(requests.nextToken(page, listing));
    reply(out, response.build());
  }

  // ---- charges --------------------------------------------------------------------------------

  @Override
  public void recordUnbilledCharge(
      RecordUnbilledChargeRequest request, StreamObserver<RecordUnbilledChargeResponse> out) {
    Principal caller = CallPrincipal.current();
    reply(
        out,
        FieldPaths.underResource(
            "charge.",
            REQUEST_FIELDS,
            () ->
                once(
                    idempotent.recordUnbilledCharge(),
                    request,
                    request.getRequestId(),
                    requests.recordUnbilledCharge(caller, request),
                    InvoicingGrpcService::recordUnbilledChargeResponse,
                    RecordUnbilledChargeResponse.parser())));
  }

  @Override
  public void listUnbilledCharges(
      ListUnbilledChargesRequest request, StreamObserver<ListUnbilledChargesResponse> out) {
    var listing = requests.listUnbilledCharges(CallPrincipal.current(), request);
    var page = application.listUnbilledCharges().handle(listing.query());
    var response = ListUnbilledChargesResponse.newBuilder();
    page.items().forEach(unbilled -> response.addCharges(charge(unbilled)));
    response.setNextPageToken(requests.nextToken(page, listing));
    reply(out, response.build());
  }

  @Override
  public void draftInvoiceFromUnbilledCharges(
      DraftInvoiceFromUnbilledChargesRequest request,
      StreamObserver<DraftInvoiceFromUnbilledChargesResponse> out) {
    Principal caller = CallPrincipal.current();
    reply(
        out,
        once(
            idempotent.draftFromUnbilledCharges(),
            request,
            request.getRequestId(),
            requests.draftInvoiceFromUnbilledCharges(caller, request),
            InvoicingGrpcService::draftFromUnbilledChargesResponse,
            DraftInvoiceFromUnbilledChargesResponse.parser()));
  }

  // ---- customers ------------------------------------------------------------------------------

  @Override
  public void getCustomerBalance(
      GetCustomerBalanceRequest request, StreamObserver<GetCustomerBalanceResponse> out) {
    var query = requests.getCustomerBalance(CallPrincipal.current(), request);
    var balance = application.getCustomerBalance().handle(query);
    reply(
        out,
        GetCustomerBalanceResponse.newBuilder()
            .setCustomerBalance(customerBalance(balance))
            .build());
  }

  @Override
  public void setCustomerPaymentTerms(
      SetCustomerPaymentTermsRequest request, StreamObserver<SetCustomerPaymentTermsResponse> out) {
    Principal caller = CallPrincipal.current();
    var agreed =
        FieldPaths.underResource(
            "customer_payment_terms.",
            REQUEST_FIELDS,
            () ->
                application
                    .setCustomerPaymentTerms()
                    .handle(requests.setCustomerPaymentTerms(caller, request)));
    reply(
        out,
        SetCustomerPaymentTermsResponse.newBuilder()
            .setCustomerPaymentTerms(
                customerPaymentTerms(agreed.customerId(), agreed.terms(), Optional.of(agreed)))
            .build());
  }

  @Override
  public void getCustomerPaymentTerms(
      GetCustomerPaymentTermsRequest request, StreamObserver<GetCustomerPaymentTermsResponse> out) {
    var query = requests.getCustomerPaymentTerms(CallPrincipal.current(), request);
    var result = application.getCustomerPaymentTerms().handle(query);
    reply(
        out,
        GetCustomerPaymentTermsResponse.newBuilder()
            .setCustomerPaymentTerms(
                customerPaymentTerms(result.customerId(), result.terms(), result.agreed()))
            .build());
  }

  // ---- plumbing -------------------------------------------------------------------------------

  /** {@code command} run through its idempotent handler, keyed by {@code request}. */
  private static <C extends IdempotentCommand, V, R extends Message> R once(
      CommandHandler<KeyedCommand<C>, Replayable<V>> handler,
      Message request,
      String requestId,
      C command,
      Function<? super V, R> toResponse,
      Parser<R> parser) {
    var result =
        handler.handle(
            new KeyedCommand<>(new RequestKey(requestId, request.toByteArray()), command));
    return IdempotentCommands.response(result, toResponse, parser);
  }

  /** CreateInvoice's response: also what the wiring stores for its retries. */
  public static CreateInvoiceResponse createInvoiceResponse(InvoiceSnapshot invoice) {
    return CreateInvoiceResponse.newBuilder().setInvoice(invoice(invoice)).build();
  }

  /** AddInvoiceLine's response: also what the wiring stores for its retries. */
  public static AddInvoiceLineResponse addInvoiceLineResponse(AddInvoiceLineHandler.Result result) {
    return AddInvoiceLineResponse.newBuilder()
        .setInvoice(invoice(result.invoice()))
        .setLine(line(result.line()))
        .build();
  }

  /** RecordPayment's response: also what the wiring stores for its retries. */
  public static RecordPaymentResponse recordPaymentResponse(RecordPaymentHandler.Result result) {
    return RecordPaymentResponse.newBuilder()
        .setInvoice(invoice(result.invoice()))
        .setPayment(payment(result.invoice().id(), result.payment()))
        .build();
  }

  /** RecordUnbilledCharge's response: also what the wiring stores for its retries. */
  public static RecordUnbilledChargeResponse recordUnbilledChargeResponse(
      RecordUnbilledChargeHandler.Result result) {
    return RecordUnbilledChargeResponse.newBuilder().setCharge(charge(result.charge())).build();
  }

  /** DraftInvoiceFromUnbilledCharges' response: also what the wiring stores for its retries. */
  public static DraftInvoiceFromUnbilledChargesResponse draftFromUnbilledChargesResponse(
      InvoiceSnapshot invoice) {
    return DraftInvoiceFromUnbilledChargesResponse.newBuilder()
        .setInvoice(invoice(invoice))
        .build();
  }

  private static <R> void reply(StreamObserver<R> out, R response) {
    out.onNext(response);
    out.onCompleted();
  }
}
