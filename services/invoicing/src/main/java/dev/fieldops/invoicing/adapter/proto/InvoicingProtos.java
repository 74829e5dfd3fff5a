package dev.fieldops.invoicing.adapter.proto;

import com.google.protobuf.Timestamp;
import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.kernel.InvalidInputException;
import java.time.Instant;

/**
 * Domain values ↔ protobuf values. Money keeps the domain's rule: an amount finer than its
 * currency's minor unit is refused ({@code PRECISION_EXCEEDS_CURRENCY}), never rounded.
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

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  public static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
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
}
