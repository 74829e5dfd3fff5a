package dev.fieldops.system.faults;

import com.google.protobuf.Timestamp;
import com.google.type.Money;
import dev.fieldops.invoicing.v1.CreateInvoiceRequest;
import dev.fieldops.invoicing.v1.GetInvoiceRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoiceLine;
import dev.fieldops.invoicing.v1.InvoiceStatus;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.RecordPaymentRequest;
import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.ResolveTicketRequest;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.TicketStatus;
import dev.fieldops.telemetry.v1.AlertRule;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.CreateAlertRuleRequest;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.DeviceKind;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.Reading;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import dev.fieldops.test.grpc.ErrorDetails;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A steady mixed load through the load balancers while a fault is injected, for one customer, four
 * kinds of rounds side by side (one caller each per four callers):
 *
 * <ul>
 *   <li>a ticket created, taken up and resolved in customer-support (each resolution becomes a
 *       charge in invoicing);
 *   <li>a device registered in telemetry (a monitored device and a monitoring charge in invoicing);
 *   <li>a device registered and sent one reading that breaches the customer's alert rule (created
 *       before the load starts): telemetry raises an alert, customer-support opens a ticket for it;
 *   <li>an invoice created in invoicing, issued (it gets the next gapless number) and paid in full
 *       (the payment settles it in customer-support's account standing).
 * </ul>
 *
 * Every call carries a deadline; creating calls carry a {@code request_id}. The load remembers what
 * was acknowledged, every failed attempt by status code, failures that took longer than their
 * deadline, and the slowest answer. After the fault, {@link #retryFailed} does what a well-behaved
 * client does: it sends each failed creation, reading and payment again with the same {@code
 * request_id} (the same reading: its device and time make it one), and re-reads a ticket or an
 * invoice whose transition failed before trying it again with the etag it read: a failed attempt
 * may still be going on in the service (its deadline passed, not its work) and land between the
 * read and the write.
 */
final class MixedLoad {

  /** What a failed creation created: what to send again. */
  private enum Kind {
    TICKET,
    DEVICE,
    ALERT_DEVICE,
    INVOICE
  }

  /** A payment as first sent: a retry must send the same request. */
  private record Payment(String requestId, Money amount) {}

  /** The customer's alert rule raises above this temperature; the load's readings are above. */
  private static final double RAISE_LEVEL = -10;

  private final ManagedChannel support;
  private final ManagedChannel telemetry;
  private final ManagedChannel invoicing;
  private final String token;
  private final String customer;
  private final Duration deadline;
  private final int callers;
  private final Duration pause;
  private final Map<String, String> tickets = new ConcurrentHashMap<>();
  private final Set<String> resolved = ConcurrentHashMap.newKeySet();
  private final Map<String, String> devices = new ConcurrentHashMap<>();
  private final Map<String, String> alertDevices = new ConcurrentHashMap<>();
  private final Set<String> breached = ConcurrentHashMap.newKeySet();
  private final Map<String, String> invoices = new ConcurrentHashMap<>();
  private final Map<String, String> issued = new ConcurrentHashMap<>();
  private final Map<String, Payment> payments = new ConcurrentHashMap<>();
  private final Set<String> paid = ConcurrentHashMap.newKeySet();
  private final Map<String, Kind> failingCreates = new ConcurrentHashMap<>();
  private final Set<String> failingResolves = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> failingReadings = new ConcurrentHashMap<>();
  private final Set<String> failingIssues = ConcurrentHashMap.newKeySet();
  private final Set<String> failingPayments = ConcurrentHashMap.newKeySet();
  private final Map<Status.Code, AtomicLong> failures = new ConcurrentHashMap<>();
  private final Map<Status.Code, String> firstFailures = new ConcurrentHashMap<>();
  private final AtomicLong overdue = new AtomicLong();
  private final AtomicLong etagConflicts = new AtomicLong();
  private final AtomicLong maxLatencyNanos = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  MixedLoad(
      ManagedChannel support,
      ManagedChannel telemetry,
      ManagedChannel invoicing,
      String token,
      String customer,
      int callers,
      int perSecondEach,
      Duration deadline) {
    this.support = support;
    this.telemetry = telemetry;
    this.invoicing = invoicing;
    this.token = token;
    this.customer = customer;
    this.deadline = deadline;
    this.callers = callers;
    this.pause = Duration.ofMillis(1000 / perSecondEach);
  }

  /**
   * Creates the customer's alert rule (every device of the customer, temperature above {@value
   * #RAISE_LEVEL} °C), retried within {@code within}, then starts the callers.
   */
  MixedLoad start(Duration within) throws InterruptedException {
    String ruleRequest = UUID.randomUUID().toString();
    long end = System.nanoTime() + within.toNanos();
    while (createAlertRule(ruleRequest) == null) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("the load's alert rule could not be created: " + failures);
      }
      Thread.sleep(200); // the client's back-off between retries
    }
    failures.clear();
    running = true;
    List<Runnable> rounds =
        List.of(this::ticketRound, this::deviceRound, this::alertRound, this::invoiceRound);
    for (int i = 0; i < callers; i++) {
      Runnable round = rounds.get(i % rounds.size());
      threads.add(Thread.ofVirtual().name("mixed-load-" + i).start(() -> call(round)));
    }
    return this;
  }

  private AlertRule createAlertRule(String requestId) {
    return attempt(
        () ->
            telemetryStub()
                .createAlertRule(
                    CreateAlertRuleRequest.newBuilder()
                        .setRequestId(requestId)
                        .setAlertRule(
                            AlertRule.newBuilder()
                                .setCustomerId(customer)
                                .setDisplayName("Freezer too warm")
                                .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                                .setSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                                .setThreshold(
                                    ThresholdCondition.newBuilder()
                                        .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                                        .setRaiseLevel(RAISE_LEVEL)
                                        .setClearLevel(RAISE_LEVEL - 4)))
                        .build())
                .getAlertRule());
  }

  private void call(Runnable round) {
    while (running) {
      long started = System.nanoTime();
      round.run();
      long left = pause.toNanos() - (System.nanoTime() - started);
      if (left > 0) {
        try {
          // Pacing the load generator, not synchronising the test.
          TimeUnit.NANOSECONDS.sleep(left);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void ticketRound() {
    String requestId = UUID.randomUUID().toString();
    Ticket ticket = createTicket(requestId);
    if (ticket != null) {
      resolve(ticket);
    }
  }

  private void deviceRound() {
    registerDevice(UUID.randomUUID().toString(), Kind.DEVICE);
  }

  private void alertRound() {
    String device = registerDevice(UUID.randomUUID().toString(), Kind.ALERT_DEVICE);
    if (device != null) {
      breach(device, Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }
  }

  private void invoiceRound() {
    Invoice draft = createInvoice(UUID.randomUUID().toString());
    if (draft != null) {
      Invoice open = issue(draft);
      if (open != null) {
        pay(open);
      }
    }
  }

  /** One reading above the rule's raise level: telemetry raises an alert, support a ticket. */
  private void breach(String deviceId, Instant observed) {
    var answer =
        attempt(
            () ->
                telemetryStub()
                    .recordReading(
                        RecordReadingRequest.newBuilder()
                            .setReading(
                                Reading.newBuilder()
                                    .setDeviceId(deviceId)
                                    .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                                    .setValue(RAISE_LEVEL + 5.5)
                                    .setObserveTime(
                                        Timestamp.newBuilder()
                                            .setSeconds(observed.getEpochSecond())))
                            .build()));
    if (answer == null) {
      failingReadings.put(deviceId, observed);
    } else {
      failingReadings.remove(deviceId);
      breached.add(deviceId);
    }
  }

  private Invoice createInvoice(String requestId) {
    Invoice invoice =
        attempt(
            () ->
                invoicingStub()
                    .createInvoice(
                        CreateInvoiceRequest.newBuilder()
                            .setRequestId(requestId)
                            .setInvoice(
                                Invoice.newBuilder()
                                    .setCustomerId(customer)
                                    .setCurrencyCode("EUR")
                                    .addLines(
                                        InvoiceLine.newBuilder()
                                            .setDescription("Freezer inspection")
                                            .setQuantityMilli(1000)
                                            .setUnit("visit")
                                            .setUnitPrice(
                                                Money.newBuilder()
                                                    .setCurrencyCode("EUR")
                                                    .setUnits(120))
                                            .setTaxRate(1900)))
                            .build())
                    .getInvoice());
    if (invoice == null) {
      failingCreates.put(requestId, Kind.INVOICE);
      return null;
    }
    failingCreates.remove(requestId);
    invoices.put(requestId, invoice.getInvoiceId());
    return invoice;
  }

  /**
   * Issues the draft as the client last read it (its etag): an earlier attempt that failed here but
   * went on in the service and issued it meanwhile makes this one ABORTED / ETAG_MISMATCH, re-read
   * by the retry, not a second transition refused as FAILED_PRECONDITION. The issued invoice, or
   * null after remembering the failure.
   */
  private Invoice issue(Invoice draft) {
    String invoiceId = draft.getInvoiceId();
    Invoice invoice =
        attempt(
            () ->
                invoicingStub()
                    .issueInvoice(
                        IssueInvoiceRequest.newBuilder()
                            .setInvoiceId(invoiceId)
                            .setEtag(draft.getEtag())
                            .build())
                    .getInvoice());
    if (invoice == null) {
      failingIssues.add(invoiceId);
      return null;
    }
    failingIssues.remove(invoiceId);
    issued.put(invoiceId, invoice.getInvoiceNumber());
    return invoice;
  }

  /** Pays an issued invoice in full; a retry sends the first payment's request again. */
  private void pay(Invoice open) {
    Payment payment =
        payments.computeIfAbsent(
            open.getInvoiceId(),
            id -> new Payment(UUID.randomUUID().toString(), open.getAmountDue()));
    Invoice after =
        attempt(
            () ->
                invoicingStub()
                    .recordPayment(
                        RecordPaymentRequest.newBuilder()
                            .setRequestId(payment.requestId())
                            .setInvoiceId(open.getInvoiceId())
                            .setAmount(payment.amount())
                            .setPaymentReference("FAULTS-" + payment.requestId())
                            .build())
                    .getInvoice());
    if (after == null) {
      failingPayments.add(open.getInvoiceId());
    } else {
      failingPayments.remove(open.getInvoiceId());
      paid.add(open.getInvoiceId());
    }
  }

  private Ticket createTicket(String requestId) {
    Ticket ticket =
        attempt(
            () ->
                supportStub()
                    .createTicket(
                        CreateTicketRequest.newBuilder()
                            .setRequestId(requestId)
                            .setTicket(
                                Ticket.newBuilder()
                                    .setCustomerId(customer)
                                    .setSubject("Compressor noise")
                                    .setChannel(TicketChannel.TICKET_CHANNEL_EMAIL))
                            .build())
                    .getTicket());
    if (ticket == null) {
      failingCreates.put(requestId, Kind.TICKET);
      return null;
    }
    failingCreates.remove(requestId);
    tickets.put(requestId, ticket.getTicketId());
    return ticket;
  }

  /**
   * Takes the ticket up (assigning the current assignee again changes nothing) and resolves it with
   * the etag it then has: a NEW ticket is taken up before it is resolved.
   */
  private void resolve(Ticket ticket) {
    Ticket open = ticket;
    if (ticket.getStatus() != TicketStatus.TICKET_STATUS_OPEN) {
      open =
          attempt(
              () ->
                  supportStub()
                      .assignTicket(
                          AssignTicketRequest.newBuilder()
                              .setTicketId(ticket.getTicketId())
                              .setAssignee("agent-faults")
                              .build())
                      .getTicket());
      if (open == null) {
        failingResolves.add(ticket.getTicketId());
        return;
      }
    }
    Ticket assigned = open;
    Ticket done =
        attempt(
            () ->
                supportStub()
                    .resolveTicket(
                        ResolveTicketRequest.newBuilder()
                            .setTicketId(assigned.getTicketId())
                            .setResolution("Fan bearing replaced.")
                            .setBillableMinutes(15)
                            .setEtag(assigned.getEtag())
                            .build())
                    .getTicket());
    if (done == null) {
      failingResolves.add(ticket.getTicketId());
    } else {
      failingResolves.remove(ticket.getTicketId());
      resolved.add(ticket.getTicketId());
    }
  }

  /** Registers a device; its id, or null after remembering the failure. */
  private String registerDevice(String requestId, Kind kind) {
    Device device =
        attempt(
            () ->
                telemetryStub()
                    .registerDevice(
                        RegisterDeviceRequest.newBuilder()
                            .setRequestId(requestId)
                            .setDevice(
                                Device.newBuilder()
                                    .setCustomerId(customer)
                                    .setDisplayName("Freezer")
                                    .setLocation("Cold room")
                                    .setKind(DeviceKind.DEVICE_KIND_FREEZER))
                            .build())
                    .getDevice());
    if (device == null) {
      failingCreates.put(requestId, kind);
      return null;
    }
    failingCreates.remove(requestId);
    (kind == Kind.ALERT_DEVICE ? alertDevices : devices).put(requestId, device.getDeviceId());
    return device.getDeviceId();
  }

  private CustomerSupportServiceGrpc.CustomerSupportServiceBlockingStub supportStub() {
    return TestTokens.withToken(CustomerSupportServiceGrpc.newBlockingStub(support), token)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private TelemetryServiceGrpc.TelemetryServiceBlockingStub telemetryStub() {
    return TestTokens.withToken(TelemetryServiceGrpc.newBlockingStub(telemetry), token)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private InvoicingServiceGrpc.InvoicingServiceBlockingStub invoicingStub() {
    return TestTokens.withToken(InvoicingServiceGrpc.newBlockingStub(invoicing), token)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One call: its answer, or null after counting its failure. */
  private <T> T attempt(Supplier<T> call) {
    long started = System.nanoTime();
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ABORTED
          && ErrorDetails.errorInfo(e)
              .filter(info -> info.getReason().equals("ETAG_MISMATCH"))
              .isPresent()) {
        // The answer to a write with an etag older than the ticket or invoice (AIP-154), e.g. a
        // change whose first attempt committed while its answer was lost in the fault, sent again
        // with the etag from before it: the caller re-reads and writes again, as the command's
        // retry below does; not a failure of the system.
        etagConflicts.incrementAndGet();
        return null;
      }
      failures.computeIfAbsent(e.getStatus().getCode(), c -> new AtomicLong()).incrementAndGet();
      firstFailures.computeIfAbsent(e.getStatus().getCode(), c -> describe(e));
      if (System.nanoTime() - started > deadline.plusSeconds(1).toNanos()) {
        overdue.incrementAndGet();
      }
      return null;
    } finally {
      maxLatencyNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
    }
  }

  /**
   * Stops the callers and waits for the rounds in flight to end: a round of three calls still
   * running would record its outcome after the retries and the count (a busy machine answers a call
   * later than its deadline, and an invoice round makes three).
   */
  MixedLoad stop() throws InterruptedException {
    running = false;
    long end = System.nanoTime() + deadline.multipliedBy(12).toNanos();
    for (Thread thread : threads) {
      thread.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
      if (thread.isAlive()) {
        throw new IllegalStateException(
            thread.getName() + " still calls after " + deadline.multipliedBy(12));
      }
    }
    return this;
  }

  /**
   * Sends every failed creation, reading and payment again with its {@code request_id} (the same
   * reading), settles every ticket whose resolution failed (re-read: resolved already, or resolved
   * now with the current etag) and every invoice whose issue failed (re-read: issued already, or
   * issued now; then paid), until nothing is left or {@code within} has passed.
   */
  void retryFailed(Duration within) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + within.toNanos();
    int round = 0;
    while (unsettled() > 0 && System.nanoTime() < end) {
      // What is still to retry, round by round: where a slow recovery's retries wait.
      System.out.printf(
          "RETRY round %d, +%.1f s: creations %d, resolutions %d, readings %d, issues %d,"
              + " payments %d; failed attempts so far %s%n",
          ++round,
          (System.nanoTime() - start) / 1e9,
          failingCreates.size(),
          failingResolves.size(),
          failingReadings.size(),
          failingIssues.size(),
          failingPayments.size(),
          failures());
      for (var create : List.copyOf(failingCreates.entrySet())) {
        switch (create.getValue()) {
          case TICKET -> {
            // The first outcome may be older than the ticket (resolved meanwhile): settled below
            // from the ticket as it is now.
            Ticket ticket = createTicket(create.getKey());
            if (ticket != null) {
              failingResolves.add(ticket.getTicketId());
            }
          }
          case DEVICE -> registerDevice(create.getKey(), Kind.DEVICE);
          case ALERT_DEVICE -> {
            String device = registerDevice(create.getKey(), Kind.ALERT_DEVICE);
            if (device != null && !breached.contains(device)) {
              failingReadings.putIfAbsent(
                  device, Instant.ofEpochSecond(Instant.now().getEpochSecond()));
            }
          }
          case INVOICE -> {
            // As for a ticket: the invoice may be issued already; settled below.
            Invoice invoice = createInvoice(create.getKey());
            if (invoice != null) {
              failingIssues.add(invoice.getInvoiceId());
            }
          }
        }
      }
      for (var reading : List.copyOf(failingReadings.entrySet())) {
        breach(reading.getKey(), reading.getValue());
      }
      for (String invoiceId : List.copyOf(failingIssues)) {
        Invoice current =
            attempt(
                () ->
                    invoicingStub()
                        .getInvoice(GetInvoiceRequest.newBuilder().setInvoiceId(invoiceId).build())
                        .getInvoice());
        if (current == null) {
          continue;
        }
        Invoice open = current;
        if (current.getStatus() == InvoiceStatus.INVOICE_STATUS_DRAFT) {
          open = issue(current);
        } else {
          failingIssues.remove(invoiceId);
          issued.put(invoiceId, current.getInvoiceNumber());
        }
        if (open != null && !paid.contains(invoiceId)) {
          pay(open);
        }
      }
      for (String invoiceId : List.copyOf(failingPayments)) {
        // The payment as first sent (its amount), whatever the invoice owes now.
        pay(Invoice.newBuilder().setInvoiceId(invoiceId).build());
      }
      for (String ticketId : List.copyOf(failingResolves)) {
        Ticket current =
            attempt(
                () ->
                    supportStub()
                        .getTicket(GetTicketRequest.newBuilder().setTicketId(ticketId).build())
                        .getTicket());
        if (current != null && current.getStatus() == TicketStatus.TICKET_STATUS_RESOLVED) {
          failingResolves.remove(ticketId);
          resolved.add(ticketId);
        } else if (current != null) {
          resolve(current);
        }
      }
      if (unsettled() > 0) {
        Thread.sleep(200); // the client's back-off between retries
      }
    }
  }

  String customer() {
    return customer;
  }

  /** Acknowledged ticket creations: request id to ticket id. */
  Map<String, String> tickets() {
    return Map.copyOf(tickets);
  }

  /** Tickets whose resolution was acknowledged. */
  Set<String> resolved() {
    return Set.copyOf(resolved);
  }

  /** Acknowledged device registrations: request id to device id. */
  Map<String, String> devices() {
    return Map.copyOf(devices);
  }

  /** Acknowledged registrations of devices that were then sent a breaching reading. */
  Map<String, String> alertDevices() {
    return Map.copyOf(alertDevices);
  }

  /** Devices whose breaching reading was acknowledged: each has an alert and its ticket. */
  Set<String> breached() {
    return Set.copyOf(breached);
  }

  /** Acknowledged invoice creations: request id to invoice id. */
  Map<String, String> invoices() {
    return Map.copyOf(invoices);
  }

  /** Invoices whose issue was acknowledged: invoice id to invoice number. */
  Map<String, String> issued() {
    return Map.copyOf(issued);
  }

  /** Invoices whose payment was acknowledged. */
  Set<String> paid() {
    return Set.copyOf(paid);
  }

  long acknowledged() {
    return tickets.size()
        + resolved.size()
        + devices.size()
        + alertDevices.size()
        + breached.size()
        + invoices.size()
        + issued.size()
        + paid.size();
  }

  /** Commands still failing after the retries. */
  int unsettled() {
    return failingCreates.size()
        + failingResolves.size()
        + failingReadings.size()
        + failingIssues.size()
        + failingPayments.size();
  }

  /** Failed attempts so far, all status codes. */
  long failedAttempts() {
    return failures.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Failed attempts by status code (a retried command counts once per failed attempt). */
  Map<Status.Code, Long> failures() {
    Map<Status.Code, Long> counts = new TreeMap<>();
    failures.forEach((code, count) -> counts.put(code, count.get()));
    return counts;
  }

  /**
   * The first failure of each status code, as the client saw it: its description and ErrorInfo
   * reason (a failure of the case names what to look for in the services' logs).
   */
  Map<Status.Code, String> firstFailures() {
    return new TreeMap<>(firstFailures);
  }

  private static String describe(StatusRuntimeException e) {
    return e.getStatus().getDescription()
        + ErrorDetails.errorInfo(e).map(info -> " [" + info.getReason() + "]").orElse("");
  }

  /** Writes refused with ABORTED / ETAG_MISMATCH (a stale etag), then re-read and written again. */
  long etagConflicts() {
    return etagConflicts.get();
  }

  /** Failed attempts that took longer than their deadline (and a second): hangs. */
  long overdue() {
    return overdue.get();
  }

  Duration maxLatency() {
    return Duration.ofNanos(maxLatencyNanos.get());
  }
}
