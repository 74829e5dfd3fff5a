package dev.fieldops.invoicing.adapter.grpc;

import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.money;
import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.timestamp;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.grpc.Etags;
import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.invoicing.adapter.proto.InvoicingProtos;
import dev.fieldops.invoicing.application.InvoicingApplication;
import dev.fieldops.invoicing.application.command.AddInvoiceLine;
import dev.fieldops.invoicing.application.command.AddInvoiceLineHandler;
import dev.fieldops.invoicing.application.command.CreateInvoice;
import dev.fieldops.invoicing.application.command.DraftInvoiceFromUnbilledCharges;
import dev.fieldops.invoicing.application.command.IssueInvoice;
import dev.fieldops.invoicing.application.command.RecordPayment;
import dev.fieldops.invoicing.application.command.RecordPaymentHandler;
import dev.fieldops.invoicing.application.command.RecordUnbilledCharge;
import dev.fieldops.invoicing.application.command.RecordUnbilledChargeHandler;
import dev.fieldops.invoicing.application.command.RemoveInvoiceLine;
import dev.fieldops.invoicing.application.command.SetCustomerPaymentTerms;
import dev.fieldops.invoicing.application.command.VoidInvoice;
import dev.fieldops.invoicing.application.query.GetCustomerBalance;
import dev.fieldops.invoicing.application.query.GetCustomerPaymentTerms;
import dev.fieldops.invoicing.application.query.GetInvoice;
import dev.fieldops.invoicing.application.query.ListInvoicePayments;
import dev.fieldops.invoicing.application.query.ListInvoices;
import dev.fieldops.invoicing.application.query.ListUnbilledCharges;
import dev.fieldops.invoicing.domain.charge.ChargeDetails;
import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeId;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.charge.ChargeSelection;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.CustomerBalance;
import dev.fieldops.invoicing.domain.invoice.InvoiceFilter;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.invoicing.domain.invoice.Memo;
import dev.fieldops.invoicing.domain.invoice.NewInvoiceLine;
import dev.fieldops.invoicing.domain.invoice.PaymentReference;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.invoice.TaxBreakdown;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.invoicing.v1.AddInvoiceLineRequest;
import dev.fieldops.invoicing.v1.AddInvoiceLineResponse;
import dev.fieldops.invoicing.v1.CreateInvoiceRequest;
import dev.fieldops.invoicing.v1.CreateInvoiceResponse;
import dev.fieldops.invoicing.v1.CurrencyBalance;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesResponse;
import dev.fieldops.invoicing.v1.GetCustomerBalanceRequest;
import dev.fieldops.invoicing.v1.GetCustomerBalanceResponse;
import dev.fieldops.invoicing.v1.GetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.GetCustomerPaymentTermsResponse;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.GetInvoiceResponse;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoiceLine;
import dev.fieldops.invoicing.v1.InvoiceTaxAmount;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.IssueInvoiceResponse;
import dev.fieldops.invoicing.v1.ListInvoicePaymentsRequest;
import dev.fieldops.invoicing.v1.ListInvoicePaymentsResponse;
import dev.fieldops.invoicing.v1.ListInvoicesRequest;
import dev.fieldops.invoicing.v1.ListInvoicesResponse;
import dev.fieldops.invoicing.v1.ListUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.ListUnbilledChargesResponse;
import dev.fieldops.invoicing.v1.Payment;
import dev.fieldops.invoicing.v1.RecordPaymentRequest;
import dev.fieldops.invoicing.v1.RecordPaymentResponse;
import dev.fieldops.invoicing.v1.RecordUnbilledChargeRequest;
import dev.fieldops.invoicing.v1.RecordUnbilledChargeResponse;
import dev.fieldops.invoicing.v1.RemoveInvoiceLineRequest;
import dev.fieldops.invoicing.v1.RemoveInvoiceLineResponse;
import dev.fieldops.invoicing.v1.SetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.SetCustomerPaymentTermsResponse;
import dev.fieldops.invoicing.v1.UnbilledCharge;
import dev.fieldops.invoicing.v1.VoidInvoiceRequest;
import dev.fieldops.invoicing.v1.VoidInvoiceResponse;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.KeyedCommand;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Replayable;
import dev.fieldops.kernel.RequestKey;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.runtime.IdempotentCommands;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code fieldops.invoicing.v1.InvoicingService}: maps each request to a command or query, runs its
 * handler and maps the result back. No rule is decided here. Requests with a {@code request_id}
 * (CreateInvoice, AddInvoiceLine, RecordPayment, RecordUnbilledCharge,
 * DraftInvoiceFromUnbilledCharges) call their idempotent command handlers ({@link Idempotent},
 * decorated in the wiring: the effect, its outbox rows and the stored response commit in one
 * transaction), which answer a fresh view or the stored response, mapped by the same function the
 * wiring stores. proto3 cannot tell an empty string from an unset one: an empty {@code memo} or
 * {@code unit} means none.
 */
public final class InvoicingGrpcService extends InvoicingServiceGrpc.InvoicingServiceImplBase {

  private static final String EVERY_CUSTOMER = "*";

  private final InvoicingApplication application;

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

  private final Idempotent idempotent;
  private final PageTokens pageTokens;

  public InvoicingGrpcService(
      InvoicingApplication application, Idempotent idempotent, PageTokens pageTokens) {
    this.application = Objects.requireNonNull(application, "application");
    this.idempotent = Objects.requireNonNull(idempotent, "idempotent");
    this.pageTokens = Objects.requireNonNull(pageTokens, "pageTokens");
  }

  // ---- invoices -------------------------------------------------------------------------------

  @Override
  public void createInvoice(
      CreateInvoiceRequest request, StreamObserver<CreateInvoiceResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          var invoice = request.getInvoice();
          List<NewInvoiceLine> lines = new ArrayList<>();
          for (int i = 0; i < invoice.getLinesCount(); i++) {
            lines.add(newLine(invoice.getLines(i), "invoice.lines[" + i + "]"));
          }
          var command =
              new CreateInvoice(
                  caller,
                  CustomerId.of(invoice.getCustomerId(), "invoice.customer_id"),
                  CurrencyCode.of(invoice.getCurrencyCode(), "invoice.currency_code"),
                  invoice.hasPaymentTermsDays()
                      ? Optional.of(
                          PaymentTerms.net(
                              invoice.getPaymentTermsDays(), "invoice.payment_terms_days"))
                      : Optional.empty(),
                  invoice.getMemo().isEmpty()
                      ? Optional.empty()
                      : Optional.of(Memo.of(invoice.getMemo(), "invoice.memo")),
                  lines);
          return once(
              idempotent.createInvoice(),
              request.getRequestId(),
              request,
              command,
              InvoicingGrpcService::createInvoiceResponse,
              CreateInvoiceResponse.parser());
        });
  }

  @Override
  public void getInvoice(GetInvoiceRequest request, StreamObserver<GetInvoiceResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () ->
            GetInvoiceResponse.newBuilder()
                .setInvoice(
                    invoice(
                        application
                            .getInvoice()
                            .handle(
                                new GetInvoice(
                                    caller,
                                    InvoiceId.parse(request.getInvoiceId(), "invoice_id")))))
                .build());
  }

  @Override
  public void listInvoices(ListInvoicesRequest request, StreamObserver<ListInvoicesResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          InvoiceFilter filter =
              new InvoiceFilter(
                  request.getCustomerId().isEmpty()
                      ? Optional.empty()
                      : Optional.of(CustomerId.of(request.getCustomerId(), "customer_id")),
                  status(request.getStatus()),
                  request.hasIssueStartTime()
                      ? Optional.of(InvoicingProtos.instant(request.getIssueStartTime()))
                      : Optional.empty(),
                  request.hasIssueEndTime()
                      ? Optional.of(InvoicingProtos.instant(request.getIssueEndTime()))
                      : Optional.empty(),
                  request.getOverdueOnly());
          List<?> tokenScope =
              List.of(
                  "ListInvoices",
                  request.getCustomerId(),
                  request.getStatus().name(),
                  filter.issuedFrom().map(Object::toString).orElse(""),
                  filter.issuedBefore().map(Object::toString).orElse(""),
                  Boolean.toString(filter.overdueOnly()),
                  scopeOf(caller));
          Page<InvoiceSnapshot> page =
              application
                  .listInvoices()
                  .handle(
                      new ListInvoices(
                          caller,
                          filter,
                          pageRequest(request.getPageSize(), request.getPageToken(), tokenScope)));
          var response = ListInvoicesResponse.newBuilder();
          page.items().forEach(invoice -> response.addInvoices(invoice(invoice)));
          page.nextCursor()
              .ifPresent(
                  cursor ->
                      response.setNextPageToken(pageTokens.encode(tokenScope, List.of(cursor))));
          return response.build();
        });
  }

  @Override
  public void addInvoiceLine(
      AddInvoiceLineRequest request, StreamObserver<AddInvoiceLineResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          return once(
              idempotent.addInvoiceLine(),
              request.getRequestId(),
              request,
              new AddInvoiceLine(
                  caller,
                  InvoiceId.parse(request.getInvoiceId(), "invoice_id"),
                  newLine(request.getLine(), "line"),
                  Etags.expectedVersion(request.getEtag(), "etag")),
              InvoicingGrpcService::addInvoiceLineResponse,
              AddInvoiceLineResponse.parser());
        });
  }

  @Override
  public void removeInvoiceLine(
      RemoveInvoiceLineRequest request, StreamObserver<RemoveInvoiceLineResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () ->
            RemoveInvoiceLineResponse.newBuilder()
                .setInvoice(
                    invoice(
                        application
                            .removeInvoiceLine()
                            .handle(
                                new RemoveInvoiceLine(
                                    caller,
                                    InvoiceId.parse(request.getInvoiceId(), "invoice_id"),
                                    LineId.parse(request.getLineId(), "line_id"),
                                    Etags.expectedVersion(request.getEtag(), "etag")))))
                .build());
  }

  @Override
  public void issueInvoice(IssueInvoiceRequest request, StreamObserver<IssueInvoiceResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () ->
            IssueInvoiceResponse.newBuilder()
                .setInvoice(
                    invoice(
                        application
                            .issueInvoice()
                            .handle(
                                new IssueInvoice(
                                    caller,
                                    InvoiceId.parse(request.getInvoiceId(), "invoice_id"),
                                    Etags.expectedVersion(request.getEtag(), "etag")))))
                .build());
  }

  @Override
  public void voidInvoice(VoidInvoiceRequest request, StreamObserver<VoidInvoiceResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () ->
            VoidInvoiceResponse.newBuilder()
                .setInvoice(
                    invoice(
                        application
                            .voidInvoice()
                            .handle(
                                new VoidInvoice(
                                    caller,
                                    InvoiceId.parse(request.getInvoiceId(), "invoice_id"),
                                    request.getReason(),
                                    request.getReleaseCharges(),
                                    Etags.expectedVersion(request.getEtag(), "etag")))))
                .build());
  }

  // ---- payments -------------------------------------------------------------------------------

  @Override
  public void recordPayment(
      RecordPaymentRequest request, StreamObserver<RecordPaymentResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          return once(
              idempotent.recordPayment(),
              request.getRequestId(),
              request,
              new RecordPayment(
                  caller,
                  InvoiceId.parse(request.getInvoiceId(), "invoice_id"),
                  money(request.getAmount(), "amount"),
                  PaymentReference.of(request.getPaymentReference(), "payment_reference"),
                  request.hasReceiveTime()
                      ? Optional.of(InvoicingProtos.instant(request.getReceiveTime()))
                      : Optional.empty(),
                  ExpectedVersion.any()),
              InvoicingGrpcService::recordPaymentResponse,
              RecordPaymentResponse.parser());
        });
  }

  @Override
  public void listInvoicePayments(
      ListInvoicePaymentsRequest request, StreamObserver<ListInvoicePaymentsResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          InvoiceId invoiceId = InvoiceId.parse(request.getInvoiceId(), "invoice_id");
          List<?> tokenScope =
              List.of("ListInvoicePayments", invoiceId.toString(), scopeOf(caller));
          var page =
              application
                  .listInvoicePayments()
                  .handle(
                      new ListInvoicePayments(
                          caller,
                          invoiceId,
                          pageRequest(request.getPageSize(), request.getPageToken(), tokenScope)));
          var response = ListInvoicePaymentsResponse.newBuilder();
          page.items().forEach(payment -> response.addPayments(payment(invoiceId, payment)));
          page.nextCursor()
              .ifPresent(
                  cursor ->
                      response.setNextPageToken(pageTokens.encode(tokenScope, List.of(cursor))));
          return response.build();
        });
  }

  // ---- charges --------------------------------------------------------------------------------

  @Override
  public void recordUnbilledCharge(
      RecordUnbilledChargeRequest request, StreamObserver<RecordUnbilledChargeResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          var charge = request.getCharge();
          var command =
              new RecordUnbilledCharge(
                  caller,
                  CustomerId.of(charge.getCustomerId(), "charge.customer_id"),
                  InvoicingProtos.chargeKind(charge.getKind(), "charge.kind"),
                  charge.getDescription(),
                  quantity(charge.getQuantityMilli(), "charge.quantity_milli"),
                  unit(charge.getUnit(), "charge.unit"),
                  Optional.of(money(charge.getUnitPrice(), "charge.unit_price")),
                  Optional.empty(),
                  // proto3 cannot tell 0 from unset: 0 means "the price list's tax rate".
                  charge.getTaxRate() == 0
                      ? Optional.empty()
                      : Optional.of(TaxRate.ofBasisPoints(charge.getTaxRate(), "charge.tax_rate")),
                  charge.getSourceReference().isEmpty()
                      // A charge typed by an operator is unique by the request that
                      // recorded it.
                      ? SourceReference.of(
                          "invoicing.manual/" + request.getRequestId(), "request_id")
                      : SourceReference.of(charge.getSourceReference(), "charge.source_reference"),
                  InvoicingProtos.instant(charge.getOccurTime()));
          return once(
              idempotent.recordUnbilledCharge(),
              request.getRequestId(),
              request,
              command,
              InvoicingGrpcService::recordUnbilledChargeResponse,
              RecordUnbilledChargeResponse.parser());
        });
  }

  @Override
  public void listUnbilledCharges(
      ListUnbilledChargesRequest request, StreamObserver<ListUnbilledChargesResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          ChargeFilter filter =
              new ChargeFilter(
                  request.getCustomerId().isEmpty()
                      ? Optional.empty()
                      : Optional.of(CustomerId.of(request.getCustomerId(), "customer_id")),
                  request.getCurrencyCode().isEmpty()
                      ? Optional.empty()
                      : Optional.of(CurrencyCode.of(request.getCurrencyCode(), "currency_code")),
                  request.getKind() == dev.fieldops.invoicing.v1.ChargeKind.CHARGE_KIND_UNSPECIFIED
                      ? Optional.<ChargeKind>empty()
                      : Optional.of(InvoicingProtos.chargeKind(request.getKind(), "kind")));
          List<?> tokenScope =
              List.of(
                  "ListUnbilledCharges",
                  request.getCustomerId(),
                  request.getCurrencyCode(),
                  request.getKind().name(),
                  scopeOf(caller));
          Page<ChargeSnapshot> page =
              application
                  .listUnbilledCharges()
                  .handle(
                      new ListUnbilledCharges(
                          caller,
                          filter,
                          pageRequest(request.getPageSize(), request.getPageToken(), tokenScope)));
          var response = ListUnbilledChargesResponse.newBuilder();
          page.items().forEach(charge -> response.addCharges(charge(charge)));
          page.nextCursor()
              .ifPresent(
                  cursor ->
                      response.setNextPageToken(pageTokens.encode(tokenScope, List.of(cursor))));
          return response.build();
        });
  }

  @Override
  public void draftInvoiceFromUnbilledCharges(
      DraftInvoiceFromUnbilledChargesRequest request,
      StreamObserver<DraftInvoiceFromUnbilledChargesResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          List<ChargeId> chosen = new ArrayList<>();
          for (int i = 0; i < request.getChargeIdsCount(); i++) {
            chosen.add(ChargeId.parse(request.getChargeIds(i), "charge_ids[" + i + "]"));
          }
          var command =
              new DraftInvoiceFromUnbilledCharges(
                  caller,
                  new ChargeSelection(
                      CustomerId.of(request.getCustomerId(), "customer_id"),
                      CurrencyCode.of(request.getCurrencyCode(), "currency_code"),
                      request.hasOccurBefore()
                          ? Optional.of(InvoicingProtos.instant(request.getOccurBefore()))
                          : Optional.empty(),
                      chosen),
                  request.hasPaymentTermsDays()
                      ? Optional.of(
                          PaymentTerms.net(request.getPaymentTermsDays(), "payment_terms_days"))
                      : Optional.empty());
          return once(
              idempotent.draftFromUnbilledCharges(),
              request.getRequestId(),
              request,
              command,
              InvoicingGrpcService::draftFromUnbilledChargesResponse,
              DraftInvoiceFromUnbilledChargesResponse.parser());
        });
  }

  // ---- balance --------------------------------------------------------------------------------

  @Override
  public void getCustomerBalance(
      GetCustomerBalanceRequest request, StreamObserver<GetCustomerBalanceResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          CustomerBalance balance =
              application
                  .getCustomerBalance()
                  .handle(
                      new GetCustomerBalance(
                          caller, CustomerId.of(request.getCustomerId(), "customer_id")));
          var proto =
              dev.fieldops.invoicing.v1.CustomerBalance.newBuilder()
                  .setCustomerId(balance.customerId().value());
          for (CustomerBalance.CurrencyBalance currency : balance.balances()) {
            proto.addCurrencyBalances(
                CurrencyBalance.newBuilder()
                    .setCurrencyCode(currency.currency().code())
                    .setOutstanding(money(currency.outstanding()))
                    .setOverdue(money(currency.overdue()))
                    .setOpenInvoiceCount(currency.openInvoiceCount())
                    .setOverdueInvoiceCount(currency.overdueInvoiceCount())
                    .setOldestDueTime(timestamp(currency.oldestDueTime())));
          }
          return GetCustomerBalanceResponse.newBuilder().setCustomerBalance(proto).build();
        });
  }

  // ---- payment terms --------------------------------------------------------------------------

  @Override
  public void setCustomerPaymentTerms(
      SetCustomerPaymentTermsRequest request, StreamObserver<SetCustomerPaymentTermsResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          var terms = request.getCustomerPaymentTerms();
          CustomerPaymentTerms agreed =
              application
                  .setCustomerPaymentTerms()
                  .handle(
                      new SetCustomerPaymentTerms(
                          caller,
                          CustomerId.of(
                              terms.getCustomerId(), "customer_payment_terms.customer_id"),
                          PaymentTerms.net(
                              terms.getPaymentTermsDays(),
                              "customer_payment_terms.payment_terms_days"),
                          Etags.expectedVersion(terms.getEtag(), "customer_payment_terms.etag")));
          return SetCustomerPaymentTermsResponse.newBuilder()
              .setCustomerPaymentTerms(
                  customerPaymentTerms(agreed.customerId(), agreed.terms(), Optional.of(agreed)))
              .build();
        });
  }

  @Override
  public void getCustomerPaymentTerms(
      GetCustomerPaymentTermsRequest request, StreamObserver<GetCustomerPaymentTermsResponse> out) {
    Principal caller = CallPrincipal.current();
    respond(
        out,
        () -> {
          var result =
              application
                  .getCustomerPaymentTerms()
                  .handle(
                      new GetCustomerPaymentTerms(
                          caller, CustomerId.of(request.getCustomerId(), "customer_id")));
          return GetCustomerPaymentTermsResponse.newBuilder()
              .setCustomerPaymentTerms(
                  customerPaymentTerms(result.customerId(), result.terms(), result.agreed()))
              .build();
        });
  }

  // ---- requests -------------------------------------------------------------------------------

  /** {@code command} run through its idempotent handler, keyed by {@code request}. */
  private static <C extends IdempotentCommand, V, R extends Message> R once(
      CommandHandler<KeyedCommand<C>, Replayable<V>> handler,
      String requestId,
      Message request,
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

  private static <R> void respond(StreamObserver<R> out, Supplier<R> call) {
    R response = call.get();
    out.onNext(response);
    out.onCompleted();
  }

  private static NewInvoiceLine newLine(InvoiceLine line, String field) {
    return new NewInvoiceLine(
        line.getDescription(),
        quantity(line.getQuantityMilli(), field + ".quantity_milli"),
        unit(line.getUnit(), field + ".unit"),
        money(line.getUnitPrice(), field + ".unit_price"),
        TaxRate.ofBasisPoints(line.getTaxRate(), field + ".tax_rate"),
        line.getSourceReference().isEmpty()
            ? Optional.empty()
            : Optional.of(
                SourceReference.of(line.getSourceReference(), field + ".source_reference")),
        // A line sent by a caller is typed by hand; only drafting from charges links one.
        Optional.empty());
  }

  private static Optional<QuantityUnit> unit(String unit, String field) {
    return unit.isEmpty() ? Optional.empty() : Optional.of(QuantityUnit.of(unit, field));
  }

  private static Quantity quantity(long thousandths, String field) {
    if (thousandths <= 0 || thousandths > Quantity.MAX_THOUSANDTHS) {
      throw InvalidInputException.of(
          "INVALID_QUANTITY",
          field,
          "must be between 1 and " + Quantity.MAX_THOUSANDTHS + " thousandths");
    }
    return new Quantity(thousandths);
  }

  private static Optional<InvoiceStatus> status(dev.fieldops.invoicing.v1.InvoiceStatus status) {
    return switch (status) {
      case INVOICE_STATUS_UNSPECIFIED -> Optional.empty();
      case INVOICE_STATUS_DRAFT -> Optional.of(InvoiceStatus.DRAFT);
      case INVOICE_STATUS_ISSUED -> Optional.of(InvoiceStatus.ISSUED);
      case INVOICE_STATUS_PAID -> Optional.of(InvoiceStatus.PAID);
      case INVOICE_STATUS_VOID -> Optional.of(InvoiceStatus.VOID);
      case UNRECOGNIZED ->
          throw InvalidInputException.of(
              "INVALID_STATUS", "status", "must be a known invoice status");
    };
  }

  private PageRequest pageRequest(int pageSize, String pageToken, List<?> tokenScope) {
    int size = PageTokens.clampPageSize(pageSize);
    return new PageRequest(
        size, pageTokens.decode(pageToken, tokenScope).map(cursor -> cursor.string(0)));
  }

  /** Binds a page token to the caller's scope, so a token never crosses customers. */
  private static String scopeOf(Principal caller) {
    return caller.confinedToCustomer().orElse(EVERY_CUSTOMER);
  }

  // ---- responses ------------------------------------------------------------------------------

  private static Invoice invoice(InvoiceSnapshot state) {
    var proto =
        Invoice.newBuilder()
            .setInvoiceId(state.id().toString())
            .setCustomerId(state.customerId().value())
            .setCurrencyCode(state.currency().code())
            .setStatus(InvoicingProtos.status(state.status()))
            // The contract's flag means "overdue now"; the domain keeps it after payment as
            // history.
            .setOverdue(state.overdue() && state.status() == InvoiceStatus.ISSUED)
            .setSubtotal(money(state.totals().subtotal()))
            .setTaxTotal(money(state.totals().tax()))
            .setTotal(money(state.totals().total()))
            .setAmountPaid(money(state.amountPaid()))
            .setAmountDue(money(state.amountDue()))
            .setEtag(Etags.of(state.version()))
            .setCreateTime(timestamp(state.createTime()))
            .setUpdateTime(timestamp(state.updateTime()));
    state.lines().forEach(line -> proto.addLines(line(line)));
    for (TaxBreakdown rate : state.totals().taxBreakdown()) {
      proto.addTaxBreakdown(
          InvoiceTaxAmount.newBuilder()
              .setTaxRate(rate.rate().basisPoints())
              .setTaxableAmount(money(rate.taxableAmount()))
              .setTaxAmount(money(rate.tax())));
    }
    state.number().ifPresent(number -> proto.setInvoiceNumber(number.toString()));
    if (state.paymentTerms().isPresent()) {
      proto.setPaymentTermsDays(state.paymentTerms().get().netDays());
    } else if (state.issueTime().isPresent() && state.dueTime().isPresent()) {
      // Issued on the customer's or the default terms: the terms it was given are its due date.
      proto.setPaymentTermsDays(
          (int) Duration.between(state.issueTime().get(), state.dueTime().get()).toDays());
    }
    state.memo().ifPresent(memo -> proto.setMemo(memo.text()));
    state.issueTime().ifPresent(time -> proto.setIssueTime(timestamp(time)));
    state.dueTime().ifPresent(time -> proto.setDueTime(timestamp(time)));
    state.paidTime().ifPresent(time -> proto.setPaidTime(timestamp(time)));
    state.voidTime().ifPresent(time -> proto.setVoidTime(timestamp(time)));
    state.voidReason().ifPresent(proto::setVoidReason);
    return proto.build();
  }

  private static InvoiceLine line(dev.fieldops.invoicing.domain.invoice.InvoiceLine line) {
    var proto =
        InvoiceLine.newBuilder()
            .setLineId(line.id().toString())
            .setDescription(line.description())
            .setQuantityMilli(line.quantity().thousandths())
            .setUnitPrice(money(line.unitPrice()))
            .setTaxRate(line.taxRate().basisPoints())
            .setAmount(money(line.amount()));
    line.unit().ifPresent(unit -> proto.setUnit(unit.value()));
    line.sourceReference().ifPresent(reference -> proto.setSourceReference(reference.value()));
    line.chargeId().ifPresent(charge -> proto.setChargeId(charge.toString()));
    return proto.build();
  }

  private static Payment payment(
      InvoiceId invoice, dev.fieldops.invoicing.domain.invoice.Payment payment) {
    return Payment.newBuilder()
        .setPaymentId(payment.id().toString())
        .setInvoiceId(invoice.toString())
        .setAmount(money(payment.amount()))
        .setPaymentReference(payment.reference().value())
        .setReceiveTime(timestamp(payment.receiveTime()))
        .setRecordTime(timestamp(payment.recordTime()))
        .build();
  }

  private static UnbilledCharge charge(ChargeSnapshot charge) {
    ChargeDetails details = charge.details();
    var proto =
        UnbilledCharge.newBuilder()
            .setChargeId(charge.id().toString())
            .setCustomerId(details.customerId().value())
            .setKind(InvoicingProtos.chargeKind(details.kind()))
            .setDescription(details.description())
            .setQuantityMilli(details.quantity().thousandths())
            .setUnitPrice(money(details.unitPrice()))
            .setTaxRate(details.taxRate().basisPoints())
            .setAmount(money(details.amount()))
            .setSourceReference(details.sourceReference().value())
            .setOccurTime(timestamp(details.occurTime()))
            .setCreateTime(timestamp(charge.recordTime()));
    details.unit().ifPresent(unit -> proto.setUnit(unit.value()));
    charge.billedInvoiceId().ifPresent(invoice -> proto.setBilledInvoiceId(invoice.toString()));
    return proto.build();
  }

  private static dev.fieldops.invoicing.v1.CustomerPaymentTerms customerPaymentTerms(
      CustomerId customer, PaymentTerms terms, Optional<CustomerPaymentTerms> agreed) {
    var proto =
        dev.fieldops.invoicing.v1.CustomerPaymentTerms.newBuilder()
            .setCustomerId(customer.value())
            .setPaymentTermsDays(terms.netDays())
            .setAgreed(agreed.isPresent());
    agreed.ifPresent(
        stored ->
            proto
                .setUpdateTime(timestamp(stored.updateTime()))
                .setEtag(Etags.of(stored.version())));
    return proto.build();
  }
}
