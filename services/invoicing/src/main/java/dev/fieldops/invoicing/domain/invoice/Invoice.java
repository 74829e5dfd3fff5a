package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceIssued;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceOverdue;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoicePaid;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.InvoiceVoided;
import dev.fieldops.invoicing.domain.invoice.InvoiceEvent.PaymentRecorded;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumber;
import dev.fieldops.invoicing.domain.numbering.InvoiceNumberSeries;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.kernel.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A customer invoice, in one currency.
 *
 * <p>Lifecycle: it starts as a <b>DRAFT</b>, with an optional memo that never changes, to which
 * lines are added and from which they are removed; a draft has no number and raises no events. Its
 * total never exceeds {@link Money#MAX_MINOR_UNITS} ({@code INVOICE_TOTAL_TOO_LARGE}), so that
 * every sum over invoices (payments, balances) fits. <b>Issuing</b> needs at least one line; it
 * freezes the lines and totals, draws the next number of the year's gapless series, stamps the
 * issue time and the due time (issue time + payment terms), and raises {@code InvoiceIssued}. An
 * <b>ISSUED</b> invoice changes only by payments and voiding. Payments may be partial; each is
 * positive, in the invoice's currency, never more than what is still due (no overpayment), has a
 * reference not used before on this invoice, and says when its money arrived: not before the issue
 * time (money that came earlier was an advance, not a payment of this invoice) and not in the
 * future beyond {@link #MAX_CLOCK_SKEW}. The payment that settles the invoice makes it <b>PAID</b>
 * (final); it was paid at the latest receive time of its payments and paid <em>late</em> if that is
 * after its due time. An issued invoice without any payment may be <b>VOID</b>ed with a reason
 * (final); it keeps its number and its lines, and may release the charges its lines bill so that
 * they are billed again elsewhere. A zero-total invoice is settled by issuing it, on time.
 *
 * <p>Overdue is a flag, not a status: {@link #markOverdue} sets it once, the first time it is
 * called after the due time while the invoice is still ISSUED, and raises {@code InvoiceOverdue}
 * that one time. Payments never clear it; on a PAID or VOID invoice it records that {@code
 * InvoiceOverdue} was raised. Whether the invoice was paid late is not the flag's to say but the
 * money's: a payment received on time and recorded after the scan flagged the invoice is on time.
 * Drafts are never voided (they have no number and mean nothing to anyone outside billing): remove
 * their lines instead.
 *
 * <p>Every change increments {@link #version()} (the etag); every event carries the version right
 * after its change. Events accumulate until the repository {@link #pullEvents() pulls} them into
 * the outbox in the transaction that saves the invoice.
 */
public final class Invoice {

  /** Lines one invoice may carry; enough for a month of charges, small enough to render. */
  public static final int MAX_LINES = 500;

  public static final int MAX_VOID_REASON_LENGTH = 500;

  /** How far in the future a receive time may lie: the clocks of a bank export and ours differ. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private final InvoiceId id;
  private final CustomerId customerId;
  private final CurrencyCode currency;
  private final Optional<PaymentTerms> paymentTerms;
  private final Optional<Memo> memo;
  private final Instant createTime;
  private final List<InvoiceLine> lines;
  private final List<Payment> payments;
  private final List<InvoiceEvent> pendingEvents = new ArrayList<>();
  private InvoiceStatus status;
  private InvoiceTotals totals;
  private InvoiceNumber number;
  private Instant issueTime;
  private Instant dueTime;
  private Instant paidTime;
  private Instant overdueTime;
  private Instant voidTime;
  private String voidReason;
  private Instant updateTime;
  private long version;

  private Invoice(InvoiceSnapshot state) {
    this.id = state.id();
    this.customerId = state.customerId();
    this.currency = state.currency();
    this.paymentTerms = state.paymentTerms();
    this.memo = state.memo();
    this.createTime = state.createTime();
    this.lines = new ArrayList<>(state.lines());
    this.payments = new ArrayList<>(state.payments());
    this.status = state.status();
    this.totals =
        state.status() == InvoiceStatus.DRAFT ? InvoiceTotals.of(currency, lines) : state.totals();
    this.number = state.number().orElse(null);
    this.issueTime = state.issueTime().orElse(null);
    this.dueTime = state.dueTime().orElse(null);
    this.paidTime = state.paidTime().orElse(null);
    this.overdueTime = state.overdueTime().orElse(null);
    this.voidTime = state.voidTime().orElse(null);
    this.voidReason = state.voidReason().orElse(null);
    this.updateTime = state.updateTime();
    this.version = state.version();
    requireConsistentState();
  }

  /**
   * A new, empty draft without a memo (version 1). {@code paymentTerms} overrides the customer's
   * terms.
   */
  public static Invoice createDraft(
      InvoiceId id,
      CustomerId customerId,
      CurrencyCode currency,
      Optional<PaymentTerms> paymentTerms,
      Instant now) {
    return createDraft(id, customerId, currency, paymentTerms, Optional.empty(), now);
  }

  /**
   * A new, empty draft (version 1). {@code paymentTerms} overrides the customer's terms; {@code
   * memo} is printed on the invoice.
   */
  public static Invoice createDraft(
      InvoiceId id,
      CustomerId customerId,
      CurrencyCode currency,
      Optional<PaymentTerms> paymentTerms,
      Optional<Memo> memo,
      Instant now) {
    return new Invoice(
        new InvoiceSnapshot(
            id,
            customerId,
            currency,
            InvoiceStatus.DRAFT,
            List.of(),
            InvoiceTotals.zero(currency),
            paymentTerms,
            memo,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            now,
            now,
            1));
  }

  /** The aggregate as it was stored; raises no events. */
  public static Invoice reconstitute(InvoiceSnapshot state) {
    return new Invoice(state);
  }

  /** The current state, immutable. */
  public InvoiceSnapshot snapshot() {
    return new InvoiceSnapshot(
        id,
        customerId,
        currency,
        status,
        lines,
        totals,
        paymentTerms,
        memo,
        Optional.ofNullable(number),
        Optional.ofNullable(issueTime),
        Optional.ofNullable(dueTime),
        payments,
        Optional.ofNullable(paidTime),
        Optional.ofNullable(overdueTime),
        Optional.ofNullable(voidTime),
        Optional.ofNullable(voidReason),
        createTime,
        updateTime,
        version);
  }

  // ---- drafting -------------------------------------------------------------------------------

  /**
   * Adds a line to the draft. {@code field} names the line in errors: {@code line} for the line
   * being added, {@code lines[3]} for a line of an invoice being created (the adapter puts the
   * request path in front). A charge is billed by one line at most.
   */
  public InvoiceLine addLine(LineId lineId, NewInvoiceLine line, String field, Instant now) {
    requireDraft("gain lines");
    if (lines.size() >= MAX_LINES) {
      throw new RuleViolationException(
          "TOO_MANY_LINES",
          "an invoice holds at most " + MAX_LINES + " lines",
          Map.of("invoice_id", id.toString()));
    }
    if (lines.stream().anyMatch(existing -> existing.id().equals(lineId))) {
      throw new IllegalArgumentException("line " + lineId + " is already on invoice " + id);
    }
    if (line.chargeId().isPresent()
        && lines.stream().anyMatch(existing -> existing.chargeId().equals(line.chargeId()))) {
      throw new IllegalArgumentException(
          "charge " + line.chargeId().get() + " is already billed on invoice " + id);
    }
    InvoiceLine accepted = InvoiceLine.accept(lineId, line, currency, field);
    List<InvoiceLine> withLine = new ArrayList<>(lines);
    withLine.add(accepted);
    InvoiceTotals newTotals = InvoiceTotals.of(currency, withLine);
    if (!newTotals.total().isWithinLimit()) {
      throw new RuleViolationException(
          "INVOICE_TOTAL_TOO_LARGE",
          "with this line the invoice's total would be "
              + newTotals.total()
              + ", more than the largest invoice total, "
              + Money.max(currency),
          Map.of("invoice_id", id.toString(), "max_total", Money.max(currency).toString()));
    }
    lines.add(accepted);
    totals = newTotals;
    changed(now);
    return accepted;
  }

  /** Removes a line from the draft and returns it. */
  public InvoiceLine removeLine(LineId lineId, Instant now) {
    requireDraft("lose lines");
    InvoiceLine line =
        lines.stream()
            .filter(candidate -> candidate.id().equals(lineId))
            .findFirst()
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "INVOICE_LINE_NOT_FOUND",
                        "invoice " + id + " has no line " + lineId,
                        Map.of("invoice_id", id.toString(), "line_id", lineId.toString())));
    lines.remove(line);
    totals = InvoiceTotals.of(currency, lines);
    changed(now);
    return line;
  }

  // ---- issuing --------------------------------------------------------------------------------

  /**
   * Issues the draft: checks every rule first, then draws the number from {@code numbers} (last, so
   * no number is drawn for an issue that breaks a rule, and the counter lock is held briefly). Due
   * time comes from this invoice's own terms, else {@code customerTerms} (the customer's agreed
   * terms or the service default, which the caller resolves).
   */
  public void issue(InvoiceNumberSeries numbers, PaymentTerms customerTerms, Stamp stamp) {
    Objects.requireNonNull(customerTerms, "customerTerms");
    Instant now = stamp.now();
    requireDraft("be issued");
    if (lines.isEmpty()) {
      throw new RuleViolationException(
          "INVOICE_HAS_NO_LINES",
          "an invoice without lines cannot be issued",
          Map.of("invoice_id", id.toString()));
    }
    InvoiceNumber drawn = numbers.next(Year.from(now.atOffset(ZoneOffset.UTC)));
    number = Objects.requireNonNull(drawn, "number");
    issueTime = now;
    dueTime = paymentTerms.orElse(customerTerms).dueTime(now);
    status = InvoiceStatus.ISSUED;
    changed(now);
    raise(
        new InvoiceIssued(
            stamp.newId(),
            now,
            id,
            version,
            customerId,
            number,
            totals,
            issueTime,
            dueTime,
            memo,
            lines.size(),
            chargeIds()));
    if (totals.total().isZero()) {
      settle(issueTime, stamp);
    }
  }

  // ---- payments -------------------------------------------------------------------------------

  /** Records a payment whose money arrives as it is recorded; see the other overload. */
  public Payment recordPayment(
      PaymentId paymentId, Money amount, PaymentReference reference, Stamp stamp) {
    return recordPayment(paymentId, amount, reference, stamp.now(), stamp);
  }

  /**
   * Records a payment against the issued invoice and returns it; the payment that settles the
   * invoice makes it PAID. Refused: an amount that is not positive or in another currency (invalid
   * input), an invoice that is not ISSUED, a receive time before the issue time ({@code
   * RECEIVE_TIME_BEFORE_ISSUE}) or later than {@code now} + {@link #MAX_CLOCK_SKEW} ({@code
   * RECEIVE_TIME_IN_FUTURE}), a reference already used on this invoice, more than is due ({@code
   * OVERPAYMENT}).
   *
   * @param receiveTime when the money arrived
   * @param stamp when the payment is recorded, and the source of its events' ids
   */
  public Payment recordPayment(
      PaymentId paymentId,
      Money amount,
      PaymentReference reference,
      Instant receiveTime,
      Stamp stamp) {
    Instant now = stamp.now();
    amount.requireCurrency(currency, "amount");
    if (!amount.isPositive()) {
      throw InvalidInputException.of(
          "INVALID_PAYMENT_AMOUNT", "amount", "must be greater than zero");
    }
    switch (status) {
      case DRAFT ->
          throw rule("INVOICE_NOT_ISSUED", "a draft cannot take payments; issue it first");
      case PAID -> throw rule("INVOICE_ALREADY_PAID", "the invoice is already paid in full");
      case VOID -> throw rule("INVOICE_VOIDED", "a void invoice cannot take payments");
      case ISSUED -> {}
    }
    if (receiveTime.isAfter(now.plus(MAX_CLOCK_SKEW))) {
      throw InvalidInputException.of(
          "RECEIVE_TIME_IN_FUTURE", "receive_time", "must not lie in the future");
    }
    if (receiveTime.isBefore(issueTime)) {
      throw InvalidInputException.of(
          "RECEIVE_TIME_BEFORE_ISSUE",
          "receive_time",
          "must not lie before the invoice's issue time "
              + issueTime
              + ": money received earlier is an advance, not a payment of this invoice");
    }
    if (payments.stream().anyMatch(payment -> payment.reference().equals(reference))) {
      throw new AlreadyExistsException(
          "PAYMENT_REFERENCE_ALREADY_USED",
          "a payment with this reference is already recorded on the invoice",
          Map.of("invoice_id", id.toString(), "payment_reference", reference.value()));
    }
    Money due = amountDue();
    if (amount.exceeds(due, "amount")) {
      throw new RuleViolationException(
          "OVERPAYMENT",
          "the payment of " + amount + " exceeds the " + due + " still due",
          Map.of("invoice_id", id.toString(), "amount_due", due.toString()));
    }
    Payment payment = new Payment(paymentId, amount, reference, receiveTime, now);
    payments.add(payment);
    changed(now);
    raise(
        new PaymentRecorded(
            stamp.newId(),
            now,
            id,
            version,
            customerId,
            number,
            paymentId,
            amount,
            reference,
            receiveTime,
            amountPaid(),
            amountDue()));
    if (amountDue().isZero()) {
      // Paid when the last of the money arrived, whatever order the payments were recorded in.
      Instant lastArrival =
          payments.stream().map(Payment::receiveTime).max(Comparator.naturalOrder()).orElseThrow();
      settle(lastArrival, stamp);
    }
    return payment;
  }

  private void settle(Instant paidAt, Stamp stamp) {
    Instant now = stamp.now();
    status = InvoiceStatus.PAID;
    paidTime = paidAt;
    changed(now);
    raise(
        new InvoicePaid(
            stamp.newId(),
            now,
            id,
            version,
            customerId,
            number,
            totals.total(),
            paidTime,
            paidTime.isAfter(dueTime)));
  }

  // ---- voiding --------------------------------------------------------------------------------

  /** Voids the issued invoice and leaves its charges billed by it (written off). */
  public void voidInvoice(String reason, Stamp stamp) {
    voidInvoice(reason, false, stamp);
  }

  /**
   * Voids the issued invoice. A reason is required; an invoice with any payment cannot be voided
   * ({@code INVOICE_HAS_PAYMENTS}), nor can a draft ({@code INVOICE_NOT_ISSUED}). The lines stay on
   * the void invoice. With {@code releaseCharges}, {@code InvoiceVoided} names the charges its
   * lines bill as released, and returns them: the caller makes them unbilled in the same
   * transaction. Without it, they stay billed by the void invoice.
   *
   * @return the charges released (empty without {@code releaseCharges})
   */
  public List<UUID> voidInvoice(String reason, boolean releaseCharges, Stamp stamp) {
    Instant now = stamp.now();
    if (reason == null || reason.isBlank()) {
      throw InvalidInputException.of("VOID_REASON_REQUIRED", "reason", "a reason is required");
    }
    if (!Text.atMost(reason, MAX_VOID_REASON_LENGTH)) {
      throw InvalidInputException.of(
          "INVALID_VOID_REASON", "reason", "at most " + MAX_VOID_REASON_LENGTH + " characters");
    }
    switch (status) {
      case DRAFT -> throw rule("INVOICE_NOT_ISSUED", "only an issued invoice can be voided");
      case VOID -> throw rule("INVOICE_ALREADY_VOID", "the invoice is already void");
      case PAID -> throw rule("INVOICE_HAS_PAYMENTS", "a paid invoice cannot be voided");
      case ISSUED -> {
        if (!payments.isEmpty()) {
          throw rule("INVOICE_HAS_PAYMENTS", "an invoice with payments cannot be voided");
        }
      }
    }
    List<UUID> released = releaseCharges ? chargeIds() : List.of();
    status = InvoiceStatus.VOID;
    voidTime = now;
    voidReason = reason;
    changed(now);
    raise(
        new InvoiceVoided(
            stamp.newId(),
            now,
            id,
            version,
            customerId,
            number,
            reason,
            voidTime,
            totals.total(),
            overdue(),
            releaseCharges,
            released));
    return released;
  }

  // ---- overdue --------------------------------------------------------------------------------

  /**
   * Flags the invoice overdue if it is ISSUED, its due time lies before the stamp's moment and it
   * was not flagged before. Returns whether it flagged it now, so that a scheduler running twice
   * (or two schedulers at once, serialised by the repository's row lock) raise {@code
   * InvoiceOverdue} exactly once.
   */
  public boolean markOverdue(Stamp stamp) {
    Instant now = stamp.now();
    if (status != InvoiceStatus.ISSUED || overdueTime != null || !now.isAfter(dueTime)) {
      return false;
    }
    overdueTime = now;
    changed(now);
    raise(
        new InvoiceOverdue(
            stamp.newId(), now, id, version, customerId, number, dueTime, amountDue()));
    return true;
  }

  // ---- reading --------------------------------------------------------------------------------

  public InvoiceId id() {
    return id;
  }

  public CustomerId customerId() {
    return customerId;
  }

  public CurrencyCode currency() {
    return currency;
  }

  public InvoiceStatus status() {
    return status;
  }

  public List<InvoiceLine> lines() {
    return List.copyOf(lines);
  }

  public InvoiceTotals totals() {
    return totals;
  }

  public Optional<PaymentTerms> paymentTerms() {
    return paymentTerms;
  }

  public Optional<Memo> memo() {
    return memo;
  }

  public Optional<InvoiceNumber> number() {
    return Optional.ofNullable(number);
  }

  public Optional<Instant> issueTime() {
    return Optional.ofNullable(issueTime);
  }

  public Optional<Instant> dueTime() {
    return Optional.ofNullable(dueTime);
  }

  public List<Payment> payments() {
    return List.copyOf(payments);
  }

  public Optional<Instant> paidTime() {
    return Optional.ofNullable(paidTime);
  }

  public boolean overdue() {
    return overdueTime != null;
  }

  public Optional<Instant> voidTime() {
    return Optional.ofNullable(voidTime);
  }

  public Money amountPaid() {
    Money paid = Money.zero(currency);
    for (Payment payment : payments) {
      paid = paid.plus(payment.amount(), "payments");
    }
    return paid;
  }

  /** What is still owed: the total less payments while ISSUED; zero otherwise. */
  public Money amountDue() {
    return status == InvoiceStatus.ISSUED
        ? totals.total().minus(amountPaid(), "payments")
        : Money.zero(currency);
  }

  public long version() {
    return version;
  }

  /** Events raised since the last pull, without removing them (for tests and logging). */
  public List<InvoiceEvent> pendingEvents() {
    return List.copyOf(pendingEvents);
  }

  /** Hands the raised events over (to the outbox) and forgets them. */
  public List<InvoiceEvent> pullEvents() {
    List<InvoiceEvent> pulled = List.copyOf(pendingEvents);
    pendingEvents.clear();
    return pulled;
  }

  @Override
  public String toString() {
    return "Invoice[" + id + ", " + status + ", v" + version + "]";
  }

  // ---- internals ------------------------------------------------------------------------------

  /** The charges the lines bill, in line order. */
  private List<UUID> chargeIds() {
    return lines.stream().flatMap(line -> line.chargeId().stream()).toList();
  }

  private void requireDraft(String action) {
    if (status != InvoiceStatus.DRAFT) {
      throw rule("INVOICE_NOT_DRAFT", "only a draft can " + action + "; this invoice is " + status);
    }
  }

  private RuleViolationException rule(String reason, String message) {
    return new RuleViolationException(
        reason, message, Map.of("invoice_id", id.toString(), "status", status.name()));
  }

  private void changed(Instant now) {
    version++;
    updateTime = now;
  }

  private void raise(InvoiceEvent event) {
    pendingEvents.add(event);
  }

  private void requireConsistentState() {
    boolean issued = status != InvoiceStatus.DRAFT;
    if (issued != (number != null)
        || issued != (issueTime != null)
        || issued != (dueTime != null)) {
      throw new IllegalArgumentException(
          "number, issue and due time exist exactly when issued: " + id);
    }
    if ((status == InvoiceStatus.PAID) != (paidTime != null)) {
      throw new IllegalArgumentException("paid time exists exactly when paid: " + id);
    }
    if ((status == InvoiceStatus.VOID) != (voidTime != null && voidReason != null)) {
      throw new IllegalArgumentException("void time and reason exist exactly when void: " + id);
    }
    if (!totals.currency().equals(currency)) {
      throw new IllegalArgumentException("totals in another currency: " + id);
    }
  }
}
