package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.kernel.InvalidInputException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which unbilled charges a draft bills: a customer's charges in one currency; with a cut-off, only
 * those that occurred before it (the monthly billing run bills everything up to the first instant
 * of the month and leaves later charges for the next run); with chosen charges, exactly those.
 *
 * <p>Chosen charges are named by the caller, so each must be billable — exist, belong to the
 * customer, be in the currency, be unbilled and, with a cut-off, have occurred before it — or the
 * whole draft is refused on the first one that is not ({@link #requireBillable}), named by its
 * position in the request ({@code charge_ids[i]}): a draft never silently leaves out a charge it
 * was asked to bill. Without chosen charges, whatever matches is billed, and an empty match is the
 * draft's {@code NO_UNBILLED_CHARGES}.
 *
 * @param occurredBefore the cut-off: only charges whose occurrence time lies strictly before it
 * @param chosen the charges to bill, in the order the caller named them; empty means "every
 *     unbilled charge that matches"
 */
public record ChargeSelection(
    CustomerId customer,
    CurrencyCode currency,
    Optional<Instant> occurredBefore,
    List<ChargeId> chosen) {

  public ChargeSelection {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(occurredBefore, "occurredBefore");
    chosen = List.copyOf(chosen);
    if (chosen.size() > Invoice.MAX_LINES) {
      throw InvalidInputException.of(
          "TOO_MANY_CHARGES",
          "charge_ids",
          "at most " + Invoice.MAX_LINES + " charges fit on one draft");
    }
    Set<ChargeId> seen = new HashSet<>();
    for (int i = 0; i < chosen.size(); i++) {
      if (!seen.add(chosen.get(i))) {
        throw InvalidInputException.of(
            "DUPLICATE_CHARGE_ID", field(i), "names a charge already named before it");
      }
    }
  }

  /** Every unbilled charge of {@code customer} in {@code currency}. */
  public static ChargeSelection everyCharge(CustomerId customer, CurrencyCode currency) {
    return new ChargeSelection(customer, currency, Optional.empty(), List.of());
  }

  /** Whether the caller named the charges to bill. */
  public boolean chosenByCaller() {
    return !chosen.isEmpty();
  }

  /**
   * Whether {@code charge} is one this selection bills: unbilled, the customer's, in the currency,
   * before the cut-off, and chosen if charges were chosen. The specification the ports' claims
   * translate to SQL.
   */
  public boolean covers(ChargeSnapshot charge) {
    return !charge.billed()
        && charge.customerId().equals(customer)
        && charge.details().unitPrice().currency().equals(currency)
        && occurredBefore.map(charge.details().occurTime()::isBefore).orElse(true)
        && (chosen.isEmpty() || chosen.contains(charge.id()));
  }

  /**
   * Refuses the draft unless every chosen charge is billable. {@code found} are the chosen charges
   * that exist, as the transaction that will bill them sees them (locked); the first chosen charge
   * that is missing or not billable fails the draft with {@code InvalidInputException} on {@code
   * charge_ids[i]}: {@code CHARGE_NOT_FOUND}, {@code CHARGE_OF_ANOTHER_CUSTOMER}, {@code
   * CURRENCY_MISMATCH}, {@code CHARGE_ALREADY_BILLED} or {@code CHARGE_NOT_BEFORE_CUT_OFF}.
   */
  public void requireBillable(Collection<ChargeSnapshot> found) {
    Map<ChargeId, ChargeSnapshot> byId =
        found.stream().collect(Collectors.toMap(ChargeSnapshot::id, Function.identity()));
    for (int i = 0; i < chosen.size(); i++) {
      ChargeSnapshot charge = byId.get(chosen.get(i));
      if (charge == null) {
        throw InvalidInputException.of("CHARGE_NOT_FOUND", field(i), "no charge has this id");
      }
      if (!charge.customerId().equals(customer)) {
        throw InvalidInputException.of(
            "CHARGE_OF_ANOTHER_CUSTOMER",
            field(i),
            "is a charge of another customer than customer_id");
      }
      CurrencyCode chargeCurrency = charge.details().unitPrice().currency();
      if (!chargeCurrency.equals(currency)) {
        throw InvalidInputException.of(
            "CURRENCY_MISMATCH",
            field(i),
            "is in " + chargeCurrency + ", not in currency_code " + currency);
      }
      if (charge.billed()) {
        throw InvalidInputException.of(
            "CHARGE_ALREADY_BILLED",
            field(i),
            "is already billed by invoice " + charge.billedInvoiceId().orElseThrow());
      }
      Instant occurred = charge.details().occurTime();
      if (occurredBefore.isPresent() && !occurred.isBefore(occurredBefore.get())) {
        throw InvalidInputException.of(
            "CHARGE_NOT_BEFORE_CUT_OFF",
            field(i),
            "occurred at " + occurred + ", not before occur_before " + occurredBefore.get());
      }
    }
  }

  private static String field(int index) {
    return "charge_ids[" + index + "]";
  }
}
