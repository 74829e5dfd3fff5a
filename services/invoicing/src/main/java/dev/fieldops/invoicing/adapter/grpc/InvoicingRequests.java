package dev.fieldops.invoicing.adapter.grpc;

import static dev.fieldops.grpc.ProtoTimes.instant;
import static dev.fieldops.invoicing.adapter.proto.InvoicingProtos.money;

import dev.fieldops.grpc.Etags;
import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.invoicing.adapter.proto.InvoicingProtos;
import dev.fieldops.invoicing.application.command.AddInvoiceLine;
import dev.fieldops.invoicing.application.command.CreateInvoice;
import dev.fieldops.invoicing.application.command.DraftInvoiceFromUnbilledCharges;
import dev.fieldops.invoicing.application.command.IssueInvoice;
import dev.fieldops.invoicing.application.command.RecordPayment;
import dev.fieldops.invoicing.application.command.RecordUnbilledCharge;
import dev.fieldops.invoicing.application.command.RemoveInvoiceLine;
import dev.fieldops.invoicing.application.command.SetCustomerPaymentTerms;
import dev.fieldops.invoicing.application.command.VoidInvoice;
import dev.fieldops.invoicing.application.query.GetCustomerBalance;
import dev.fieldops.invoicing.application.query.GetCustomerPaymentTerms;
import dev.fieldops.invoicing.application.query.GetInvoice;
import dev.fieldops.invoicing.application.query.ListInvoicePayments;
import dev.fieldops.invoicing.application.query.ListInvoices;
import dev.fieldops.invoicing.application.query.ListUnbilledCharges;
import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeId;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.charge.ChargeSelection;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.InvoiceFilter;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.invoicing.domain.invoice.Memo;
import dev.fieldops.invoicing.domain.invoice.NewInvoiceLine;
import dev.fieldops.invoicing.domain.invoice.PaymentReference;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.invoicing.v1.AddInvoiceLineRequest;
import dev.fieldops.invoicing.v1.CreateInvoiceRequest;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.GetCustomerBalanceRequest;
import dev.fieldops.invoicing.v1.GetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.InvoiceLine;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.ListInvoicePaymentsRequest;
import dev.fieldops.invoicing.v1.ListInvoicesRequest;
import dev.fieldops.invoicing.v1.ListUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.RecordPaymentRequest;
import dev.fieldops.invoicing.v1.RecordUnbilledChargeRequest;
import dev.fieldops.invoicing.v1.RemoveInvoiceLineRequest;
import dev.fieldops.invoicing.v1.SetCustomerPaymentTermsRequest;
import dev.fieldops.invoicing.v1.VoidInvoiceRequest;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code InvoicingService} requests as invoicing's commands and queries. The fields of a resource
 * the request carries ({@code invoice}, {@code charge}, {@code customer_payment_terms}) are named
 * as the domain names them ({@code lines[2].unit_price}); the service puts the resource's request
 * path in front ({@link dev.fieldops.grpc.FieldPaths}). Request-level fields are named by their
 * request path. proto3 cannot tell an empty string from an unset one: an empty {@code memo} or
 * {@code unit} means none. A list's page token is its keyset cursor signed and bound to the list,
 * its filters and the caller's scope, so it cannot be replayed elsewhere.
 */
final class InvoicingRequests {

  private static final String EVERY_CUSTOMER = "*";

  private final PageTokens pageTokens;

  InvoicingRequests(PageTokens pageTokens) {
    this.pageTokens = Objects.requireNonNull(pageTokens, "pageTokens");
  }

  /** A list query and what its page tokens are bound to. */
  record Listing<Q>(Q query, List<?> tokenScope) {}

  // ---- invoices -------------------------------------------------------------------------------

  /** Fields named within the invoice. */
  CreateInvoice createInvoice(Principal caller, CreateInvoiceRequest request) {
    var invoice = request.getInvoice();
    List<NewInvoiceLine> lines = new ArrayList<>();
    for (int i = 0; i < invoice.getLinesCount(); i++) {
      lines.add(newLine(invoice.getLines(i), "lines[" + i + "]"));
    }
    return new CreateInvoice(
        caller,
        CustomerId.of(invoice.getCustomerId(), "customer_id"),
        CurrencyCode.of(invoice.getCurrencyCode(), "currency_code"),
        invoice.hasPaymentTermsDays()
            ? Optional.of(PaymentTerms.net(invoice.getPaymentTermsDays(), "payment_terms_days"))
            : Optional.empty(),
        invoice.getMemo().isEmpty()
            ? Optional.empty()
            : Optional.of(Memo.of(invoice.getMemo(), "memo")),
        lines);
  }

  GetInvoice getInvoice(Principal caller, GetInvoiceRequest request) {
    return new GetInvoice(caller, invoiceId(request.getInvoiceId()));
  }

  Listing<ListInvoices> listInvoices(Principal caller, ListInvoicesRequest request) {
    var filter =
        new InvoiceFilter(
            customer(request.getCustomerId()),
            status(request.getStatus()),
            request.hasIssueStartTime()
                ? Optional.of(instant(request.getIssueStartTime()))
                : Optional.empty(),
            request.hasIssueEndTime()
                ? Optional.of(instant(request.getIssueEndTime()))
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
    return new Listing<>(
        new ListInvoices(
            caller, filter, page(request.getPageSize(), request.getPageToken(), tokenScope)),
        tokenScope);
  }

  AddInvoiceLine addInvoiceLine(Principal caller, AddInvoiceLineRequest request) {
    return new AddInvoiceLine(
        caller,
        invoiceId(request.getInvoiceId()),
        newLine(request.getLine(), "line"),
        etag(request.getEtag()));
  }

  RemoveInvoiceLine removeInvoiceLine(Principal caller, RemoveInvoiceLineRequest request) {
    return new RemoveInvoiceLine(
        caller,
        invoiceId(request.getInvoiceId()),
        LineId.parse(request.getLineId(), "line_id"),
        etag(request.getEtag()));
  }

  IssueInvoice issueInvoice(Principal caller, IssueInvoiceRequest request) {
    return new IssueInvoice(caller, invoiceId(request.getInvoiceId()), etag(request.getEtag()));
  }

  VoidInvoice voidInvoice(Principal caller, VoidInvoiceRequest request) {
    return new VoidInvoice(
        caller,
        invoiceId(request.getInvoiceId()),
        request.getReason(),
        request.getReleaseCharges(),
        etag(request.getEtag()));
  }

  // ---- payments -------------------------------------------------------------------------------

  RecordPayment recordPayment(Principal caller, RecordPaymentRequest request) {
    return new RecordPayment(
        caller,
        invoiceId(request.getInvoiceId()),
        money(request.getAmount(), "amount"),
        PaymentReference.of(request.getPaymentReference(), "payment_reference"),
        request.hasReceiveTime()
            ? Optional.of(instant(request.getReceiveTime()))
            : Optional.empty(),
        ExpectedVersion.any());
  }

  Listing<ListInvoicePayments> listInvoicePayments(
      Principal caller, ListInvoicePaymentsRequest request) {
    InvoiceId invoiceId = invoiceId(request.getInvoiceId());
    List<?> tokenScope = List.of("ListInvoicePayments", invoiceId.toString(), scopeOf(caller));
    return new Listing<>(
        new ListInvoicePayments(
            caller, invoiceId, page(request.getPageSize(), request.getPageToken(), tokenScope)),
        tokenScope);
  }

  // ---- charges --------------------------------------------------------------------------------

  /**
   * Fields named within the charge; a charge without a source reference is named by the request.
   */
  RecordUnbilledCharge recordUnbilledCharge(Principal caller, RecordUnbilledChargeRequest request) {
    var charge = request.getCharge();
    return new RecordUnbilledCharge(
        caller,
        CustomerId.of(charge.getCustomerId(), "customer_id"),
        InvoicingProtos.chargeKind(charge.getKind(), "kind"),
        charge.getDescription(),
        quantity(charge.getQuantityMilli(), "quantity_milli"),
        unit(charge.getUnit(), "unit"),
        Optional.of(money(charge.getUnitPrice(), "unit_price")),
        Optional.empty(),
        // proto3 cannot tell 0 from unset: 0 means "the price list's tax rate".
        charge.getTaxRate() == 0
            ? Optional.empty()
            : Optional.of(TaxRate.ofBasisPoints(charge.getTaxRate(), "tax_rate")),
        charge.getSourceReference().isEmpty()
            // A charge typed by an operator is unique by the request that recorded it.
            ? SourceReference.of("invoicing.manual/" + request.getRequestId(), "request_id")
            : SourceReference.of(charge.getSourceReference(), "source_reference"),
        instant(charge.getOccurTime()));
  }

  Listing<ListUnbilledCharges> listUnbilledCharges(
      Principal caller, ListUnbilledChargesRequest request) {
    var filter =
        new ChargeFilter(
            customer(request.getCustomerId()),
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
    return new Listing<>(
        new ListUnbilledCharges(
            caller, filter, page(request.getPageSize(), request.getPageToken(), tokenScope)),
        tokenScope);
  }

  DraftInvoiceFromUnbilledCharges draftInvoiceFromUnbilledCharges(
      Principal caller, DraftInvoiceFromUnbilledChargesRequest request) {
    List<ChargeId> chosen = new ArrayList<>();
    for (int i = 0; i < request.getChargeIdsCount(); i++) {
      chosen.add(ChargeId.parse(request.getChargeIds(i), "charge_ids[" + i + "]"));
    }
    return new DraftInvoiceFromUnbilledCharges(
        caller,
        new ChargeSelection(
            CustomerId.of(request.getCustomerId(), "customer_id"),
            CurrencyCode.of(request.getCurrencyCode(), "currency_code"),
            request.hasOccurBefore()
                ? Optional.of(instant(request.getOccurBefore()))
                : Optional.empty(),
            chosen),
        request.hasPaymentTermsDays()
            ? Optional.of(PaymentTerms.net(request.getPaymentTermsDays(), "payment_terms_days"))
            : Optional.empty());
  }

  // ---- customers ------------------------------------------------------------------------------

  GetCustomerBalance getCustomerBalance(Principal caller, GetCustomerBalanceRequest request) {
    return new GetCustomerBalance(caller, CustomerId.of(request.getCustomerId(), "customer_id"));
  }

  /** Fields named within the customer's payment terms. */
  SetCustomerPaymentTerms setCustomerPaymentTerms(
      Principal caller, SetCustomerPaymentTermsRequest request) {
    var terms = request.getCustomerPaymentTerms();
    return new SetCustomerPaymentTerms(
        caller,
        CustomerId.of(terms.getCustomerId(), "customer_id"),
        PaymentTerms.net(terms.getPaymentTermsDays(), "payment_terms_days"),
        Etags.expectedVersion(terms.getEtag(), "etag"));
  }

  GetCustomerPaymentTerms getCustomerPaymentTerms(
      Principal caller, GetCustomerPaymentTermsRequest request) {
    return new GetCustomerPaymentTerms(
        caller, CustomerId.of(request.getCustomerId(), "customer_id"));
  }

  // ---- paging ---------------------------------------------------------------------------------

  /** The token of the page after {@code page}, empty on the last page. */
  String nextToken(Page<?> page, Listing<?> listing) {
    return page.nextCursor()
        .map(cursor -> pageTokens.encode(listing.tokenScope(), List.of(cursor)))
        .orElse("");
  }

  private PageRequest page(int pageSize, String pageToken, List<?> tokenScope) {
    int size = PageTokens.clampPageSize(pageSize);
    return new PageRequest(
        size, pageTokens.decode(pageToken, tokenScope).map(cursor -> cursor.string(0)));
  }

  /** Binds a page token to the caller's scope, so a token never crosses customers. */
  private static String scopeOf(Principal caller) {
    return caller.confinedToCustomer().orElse(EVERY_CUSTOMER);
  }

  // ---- values ---------------------------------------------------------------------------------

  private static InvoiceId invoiceId(String text) {
    return InvoiceId.parse(text, "invoice_id");
  }

  private static ExpectedVersion etag(String etag) {
    return Etags.expectedVersion(etag, "etag");
  }

  private static Optional<CustomerId> customer(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(CustomerId.of(text, "customer_id"));
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
}
