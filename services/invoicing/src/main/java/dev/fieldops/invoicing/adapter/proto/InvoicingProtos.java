package dev.fieldops.invoicing.adapter.proto;

import static dev.fieldops.grpc.ProtoTimes.timestamp;

import dev.fieldops.grpc.Etags;
import dev.fieldops.invoicing.domain.charge.ChargeDetails;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.CustomerPaymentTerms;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.CustomerBalance;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.TaxBreakdown;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.v1.CurrencyBalance;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoiceLine;
import dev.fieldops.invoicing.v1.InvoiceTaxAmount;
import dev.fieldops.invoicing.v1.Payment;
import dev.fieldops.invoicing.v1.UnbilledCharge;
import dev.fieldops.kernel.InvalidInputException;
import java.time.Duration;
import java.util.Optional;

/**
 * Domain values ↔ protobuf values, and what the handlers answer as the API's resources. Money keeps
 * the domain's rule: an amount finer than its currency's minor unit is refused ({@code
 * PRECISION_EXCEEDS_CURRENCY}), never rounded.
 */
public final class InvoicingProtos {

  private InvoicingProtos() {}

  /** {@code google.type.Money} of a domain amount: whole units plus the fraction in nanos. */
  public static com.google.type.Money money(Money amount) {
    return com.google.type.Money.newBuilder()
        .setCurrencyCode(amount.currency().code())
        .setUnits(amount.units())
        .setNanos(amount.nanos())
        .build();
  }

  /** A domain amount from the wire; {@code field} names the input in errors. */
  public static Money money(com.google.type.Money money, String field) {
    return Money.ofUnitsAndNanos(
        CurrencyCode.of(money.getCurrencyCode(), field + ".currency_code"),
        money.getUnits(),
        money.getNanos(),
        field);
  }

  public static dev.fieldops.invoicing.v1.ChargeKind chargeKind(ChargeKind kind) {
    return switch (kind) {
      case SUPPORT_MINUTES -> dev.fieldops.invoicing.v1.ChargeKind.CHARGE_KIND_SUPPORT_MINUTES;
      case DEVICE_MONITORING -> dev.fieldops.invoicing.v1.ChargeKind.CHARGE_KIND_DEVICE_MONITORING;
      case OTHER -> dev.fieldops.invoicing.v1.ChargeKind.CHARGE_KIND_OTHER;
    };
  }

  public static ChargeKind chargeKind(dev.fieldops.invoicing.v1.ChargeKind kind, String field) {
    return switch (kind) {
      case CHARGE_KIND_SUPPORT_MINUTES -> ChargeKind.SUPPORT_MINUTES;
      case CHARGE_KIND_DEVICE_MONITORING -> ChargeKind.DEVICE_MONITORING;
      case CHARGE_KIND_OTHER -> ChargeKind.OTHER;
      case CHARGE_KIND_UNSPECIFIED, UNRECOGNIZED ->
          throw InvalidInputException.of(
              "INVALID_CHARGE_KIND", field, "must be a known charge kind");
    };
  }

  public static dev.fieldops.invoicing.v1.InvoiceStatus status(InvoiceStatus status) {
    return switch (status) {
      case DRAFT -> dev.fieldops.invoicing.v1.InvoiceStatus.INVOICE_STATUS_DRAFT;
      case ISSUED -> dev.fieldops.invoicing.v1.InvoiceStatus.INVOICE_STATUS_ISSUED;
      case PAID -> dev.fieldops.invoicing.v1.InvoiceStatus.INVOICE_STATUS_PAID;
      case VOID -> dev.fieldops.invoicing.v1.InvoiceStatus.INVOICE_STATUS_VOID;
    };
  }

  // ---- views -----------------------------------------------------------------------------------

  public static Invoice invoice(InvoiceSnapshot state) {
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

  public static InvoiceLine line(dev.fieldops.invoicing.domain.invoice.InvoiceLine line) {
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

  public static Payment payment(
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

  public static UnbilledCharge charge(ChargeSnapshot charge) {
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

  public static dev.fieldops.invoicing.v1.CustomerPaymentTerms customerPaymentTerms(
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

  public static dev.fieldops.invoicing.v1.CustomerBalance customerBalance(CustomerBalance balance) {
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
    return proto.build();
  }
}
