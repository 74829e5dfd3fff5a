package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.charge.ChargeEvent.ChargeRecorded;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.Stamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A billable charge waiting for (or already on) an invoice.
 *
 * <p>Lifecycle: <b>recorded</b> once per source reference (raising {@code ChargeRecorded}); while
 * <b>unbilled</b> it belongs to its customer's next draft in its currency; {@link #billTo billing}
 * puts it on exactly one draft invoice; removing that line from the draft {@link #releaseFrom
 * releases} it back to unbilled. It stays billed when the invoice is later issued or paid. When the
 * invoice is voided it stays billed by the void invoice (written off) unless the void releases the
 * invoice's charges: then it is unbilled again and the next draft bills it, while the void invoice
 * keeps its line as the record of what was cancelled. Being billed by one invoice at a time, a
 * charge is billed by at most one invoice that is not void.
 */
public final class UnbilledCharge {

  private final ChargeId id;
  private final ChargeDetails details;
  private final Instant recordTime;
  private final List<ChargeEvent> pendingEvents = new ArrayList<>();
  private InvoiceId billedInvoiceId;
  private long version;

  private UnbilledCharge(ChargeSnapshot state) {
    this.id = state.id();
    this.details = state.details();
    this.recordTime = state.recordTime();
    this.billedInvoiceId = state.billedInvoiceId().orElse(null);
    this.version = state.version();
  }

  /** A newly recorded, unbilled charge (version 1), raising {@code ChargeRecorded}. */
  public static UnbilledCharge record(ChargeId id, ChargeDetails details, Stamp stamp) {
    Instant now = stamp.now();
    UnbilledCharge charge =
        new UnbilledCharge(new ChargeSnapshot(id, details, now, Optional.empty(), 1));
    charge.pendingEvents.add(
        new ChargeRecorded(stamp.newId(), now, id, 1, details, details.amount()));
    return charge;
  }

  public static UnbilledCharge reconstitute(ChargeSnapshot state) {
    return new UnbilledCharge(state);
  }

  public ChargeSnapshot snapshot() {
    return new ChargeSnapshot(
        id, details, recordTime, Optional.ofNullable(billedInvoiceId), version);
  }

  /** Puts the charge on {@code invoice}; a charge is billed at most once. */
  public void billTo(InvoiceId invoice) {
    Objects.requireNonNull(invoice, "invoice");
    if (billedInvoiceId != null) {
      throw new RuleViolationException(
          "CHARGE_ALREADY_BILLED",
          "the charge is already on an invoice",
          Map.of("charge_id", id.toString(), "invoice_id", billedInvoiceId.toString()));
    }
    billedInvoiceId = invoice;
    version++;
  }

  /** Takes the charge off {@code invoice} (its line was removed from the draft): unbilled again. */
  public void releaseFrom(InvoiceId invoice) {
    if (!invoice.equals(billedInvoiceId)) {
      throw new IllegalStateException("charge " + id + " is not billed on invoice " + invoice);
    }
    billedInvoiceId = null;
    version++;
  }

  /** Whether {@code other} records the same facts (a repeated recording, not a conflicting one). */
  public boolean sameChargeAs(ChargeSnapshot other) {
    return details.equals(other.details());
  }

  public ChargeId id() {
    return id;
  }

  public ChargeDetails details() {
    return details;
  }

  public Optional<InvoiceId> billedInvoiceId() {
    return Optional.ofNullable(billedInvoiceId);
  }

  public long version() {
    return version;
  }

  /** Events raised since the last pull, without removing them (for tests and logging). */
  public List<ChargeEvent> pendingEvents() {
    return List.copyOf(pendingEvents);
  }

  /** Hands the raised events over (to the outbox) and forgets them. */
  public List<ChargeEvent> pullEvents() {
    List<ChargeEvent> pulled = List.copyOf(pendingEvents);
    pendingEvents.clear();
    return pulled;
  }

  @Override
  public String toString() {
    return "UnbilledCharge[" + id + ", " + details.sourceReference() + ", v" + version + "]";
  }
}
