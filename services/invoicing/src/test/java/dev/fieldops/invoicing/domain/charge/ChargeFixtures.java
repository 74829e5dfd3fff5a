package dev.fieldops.invoicing.domain.charge;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.MONDAY_MORNING;
import static dev.fieldops.invoicing.testing.Stamps.at;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Charges in the words of billing: "45 support minutes for a customer", "a month of monitoring".
 */
public final class ChargeFixtures {

  private ChargeFixtures() {}

  public static ChargeId anyChargeId() {
    return new ChargeId(UUID.randomUUID());
  }

  public static SourceReference anySourceReference() {
    return new SourceReference("support.ticket/" + UUID.randomUUID() + "/resolution");
  }

  /** {@code minutes} of support at EUR 1.50 a minute, resolved on Monday morning. */
  public static ChargeDetails supportMinutes(CustomerId customer, int minutes) {
    return new ChargeDetails(
        customer,
        ChargeKind.SUPPORT_MINUTES,
        "Support, " + minutes + " minutes",
        Quantity.ofWhole(minutes),
        Optional.of(QuantityUnit.MINUTE),
        Money.ofMinor("EUR", 150),
        TaxRate.ZERO,
        anySourceReference(),
        MONDAY_MORNING);
  }

  /**
   * A charge of {@code unitPrice} × 1, happening {@code minutesAfterMonday} minutes after Monday
   * morning.
   */
  public static ChargeDetails chargeOf(
      CustomerId customer, Money unitPrice, int minutesAfterMonday) {
    Instant occurred = MONDAY_MORNING.plus(Duration.ofMinutes(minutesAfterMonday));
    return new ChargeDetails(
        customer,
        ChargeKind.OTHER,
        "Site visit",
        Quantity.ofWhole(1),
        Optional.empty(),
        unitPrice,
        TaxRate.ZERO,
        anySourceReference(),
        occurred);
  }

  /** A newly recorded charge (its {@code ChargeRecorded} event pending). */
  public static UnbilledCharge recorded(ChargeDetails details) {
    return UnbilledCharge.record(anyChargeId(), details, at(MONDAY_MORNING));
  }
}
