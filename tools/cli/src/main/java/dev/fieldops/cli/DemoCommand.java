package dev.fieldops.cli;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.rpc.ErrorInfo;
import dev.fieldops.commandline.CommandFailure;
import dev.fieldops.invoicing.v1.DraftInvoiceFromUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.Invoice;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.invoicing.v1.IssueInvoiceRequest;
import dev.fieldops.invoicing.v1.ListUnbilledChargesRequest;
import dev.fieldops.invoicing.v1.RecordPaymentRequest;
import dev.fieldops.invoicing.v1.UnbilledCharge;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.support.v1.AccountStanding;
import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.CustomerSupportDetails;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.support.v1.GetCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.ListTicketsRequest;
import dev.fieldops.support.v1.ResolveTicketRequest;
import dev.fieldops.support.v1.SupportTier;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.TicketStatus;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsRequest;
import dev.fieldops.telemetry.v1.Alert;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.DeviceKind;
import dev.fieldops.telemetry.v1.ListAlertsRequest;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.Reading;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./fieldops demo}: the whole FieldOps story against a running system, through the public
 * gRPC APIs only, printing each step. Every step after the spike is done by the services reacting
 * to each other's events; the demo only waits (with a bound) to see the effect.
 */
@Command(
    name = "demo",
    description = "Run the end-to-end story against a running FieldOps (./fieldops up).")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--support",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:SUPPORT_ADDRESS:-127.0.0.1:50051}",
      description =
          "customer-support (default: $SUPPORT_ADDRESS, else the local run's, else 127.0.0.1:50051).")
  String supportAddress;

  @Option(
      names = "--telemetry",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:TELEMETRY_ADDRESS:-127.0.0.1:50052}",
      description =
          "telemetry (default: $TELEMETRY_ADDRESS, else the local run's, else 127.0.0.1:50052).")
  String telemetryAddress;

  @Option(
      names = "--invoicing",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:INVOICING_ADDRESS:-127.0.0.1:50053}",
      description =
          "invoicing (default: $INVOICING_ADDRESS, else the local run's, else 127.0.0.1:50053).")
  String invoicingAddress;

  @Option(
      names = "--key-dir",
      paramLabel = "DIR",
      defaultValue = "${env:AUTH_DEV_KEY_DIR:-.fieldops/dev-keys}",
      description =
          "Development key directory the demo's admin token is signed with (default:"
              + " $AUTH_DEV_KEY_DIR, else the local run's, else .fieldops/dev-keys).")
  Path keyDir;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Seconds to wait for each reaction (default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Mixin TransportOptions transport = new TransportOptions();

  private int step;

  @Override
  public Integer call() throws Exception {
    String token = Credentials.staffToken(null, keyDir, Role.ADMIN);
    String customer = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    ManagedChannel supportChannel = channel(supportAddress);
    ManagedChannel telemetryChannel = channel(telemetryAddress);
    ManagedChannel invoicingChannel = channel(invoicingAddress);
    try {
      var support =
          CustomerSupportServiceGrpc.newBlockingStub(supportChannel)
              .withCallCredentials(Credentials.bearer(token));
      var telemetry =
          TelemetryServiceGrpc.newBlockingStub(telemetryChannel)
              .withCallCredentials(Credentials.bearer(token));
      var invoicing =
          InvoicingServiceGrpc.newBlockingStub(invoicingChannel)
              .withCallCredentials(Credentials.bearer(token));

      support
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .updateCustomerSupportDetails(
              UpdateCustomerSupportDetailsRequest.newBuilder()
                  .setDetails(
                      CustomerSupportDetails.newBuilder()
                          .setCustomerId(customer)
                          .setContactName("Demo Cold Storage Ltd")
                          .setSupportTier(SupportTier.SUPPORT_TIER_STANDARD))
                  .setUpdateMask(
                      FieldMaskUtil.fromStringList(
                          java.util.List.of("contact_name", "support_tier")))
                  .setAllowMissing(true)
                  .build());
      say("customer %s has STANDARD support", customer);

      Device device =
          telemetry
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .registerDevice(
                  RegisterDeviceRequest.newBuilder()
                      .setRequestId(UUID.randomUUID().toString())
                      .setDevice(
                          Device.newBuilder()
                              .setCustomerId(customer)
                              .setDisplayName("Freezer 1")
                              .setLocation("Back room")
                              .setKind(DeviceKind.DEVICE_KIND_FREEZER))
                      .build())
              .getDevice();
      telemetry
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .createAlertRule(
              FreezerRule.tooWarm(
                  customer, device.getDeviceId(), AlertSeverity.ALERT_SEVERITY_CRITICAL));
      say("device registered: %s (freezer), rule: CRITICAL above -10 °C", device.getDeviceId());

      Instant now = Instant.now();
      record(telemetry, device, -18.2, now.minusSeconds(60));
      record(telemetry, device, -4.5, now);
      say("temperature spike: -18.2 °C → -4.5 °C");

      Alert alert =
          await(
              "alert raised",
              () ->
                  telemetry
                      .listAlerts(
                          ListAlertsRequest.newBuilder()
                              .setCustomerId(customer)
                              .setDeviceId(device.getDeviceId())
                              .setOpenOnly(true)
                              .build())
                      .getAlertsList()
                      .stream()
                      .findFirst());
      say(
          "alert raised: %s (%s, value %.1f)",
          alert.getAlertId(), alert.getSeverity(), alert.getLastValue());

      Ticket ticket =
          await(
              "ticket opened from the alert (customer-support consumes telemetry.alert.raised)",
              () ->
                  support
                      .listTickets(ListTicketsRequest.newBuilder().setCustomerId(customer).build())
                      .getTicketsList()
                      .stream()
                      .filter(t -> t.getChannel() == TicketChannel.TICKET_CHANNEL_TELEMETRY_ALERT)
                      .findFirst());
      say(
          "ticket opened: %s \"%s\" (%s)",
          ticket.getTicketNumber(), ticket.getSubject(), ticket.getPriority());

      Ticket assigned =
          support
              .assignTicket(
                  AssignTicketRequest.newBuilder()
                      .setTicketId(ticket.getTicketId())
                      .setAssignee("agent-ada")
                      .build())
              .getTicket();
      // The agent resolves what it read: conditional on the etag. If someone changed the ticket's
      // own fields meanwhile (an alert escalation raising the priority, another agent), read it
      // again, check the action still makes sense, and retry a bounded number of times.
      Ticket resolved =
          withCurrentEtag(
              support,
              assigned,
              current -> {
                if (current.getStatus() != TicketStatus.TICKET_STATUS_OPEN) {
                  throw CommandFailure.failed(
                      "the ticket is "
                          + current.getStatus()
                          + " now; the demo does not"
                          + " resolve it",
                      "someone else acted on the demo's ticket: run the demo again");
                }
                return support
                    .resolveTicket(
                        ResolveTicketRequest.newBuilder()
                            .setTicketId(current.getTicketId())
                            .setResolution("Door seal replaced; temperature back to normal.")
                            .setBillableMinutes(45)
                            .setEtag(current.getEtag())
                            .build())
                    .getTicket();
              });
      say("ticket resolved with %d billable minutes", resolved.getBillableMinutes());

      UnbilledCharge charge =
          await(
              "charge recorded (invoicing consumes support.ticket.resolved)",
              () ->
                  invoicing
                      .listUnbilledCharges(
                          ListUnbilledChargesRequest.newBuilder().setCustomerId(customer).build())
                      .getChargesList()
                      .stream()
                      .filter(c -> c.getSourceReference().contains(resolved.getTicketId()))
                      .findFirst());
      say("charge recorded: %s %s", charge.getDescription(), money(charge.getAmount()));

      Invoice invoice =
          invoicing
              .draftInvoiceFromUnbilledCharges(
                  DraftInvoiceFromUnbilledChargesRequest.newBuilder()
                      .setRequestId(UUID.randomUUID().toString())
                      .setCustomerId(customer)
                      .setCurrencyCode(charge.getAmount().getCurrencyCode())
                      .build())
              .getInvoice();
      say(
          "draft invoice from unbilled charges: %d line(s), total %s",
          invoice.getLinesCount(), money(invoice.getTotal()));

      invoice =
          invoicing
              .issueInvoice(
                  IssueInvoiceRequest.newBuilder()
                      .setInvoiceId(invoice.getInvoiceId())
                      .setEtag(invoice.getEtag())
                      .build())
              .getInvoice();
      say(
          "invoice issued: %s, due %s",
          invoice.getInvoiceNumber(), toInstant(invoice.getDueTime()));

      invoice =
          invoicing
              .recordPayment(
                  RecordPaymentRequest.newBuilder()
                      .setRequestId(UUID.randomUUID().toString())
                      .setInvoiceId(invoice.getInvoiceId())
                      .setAmount(invoice.getAmountDue())
                      .setPaymentReference("DEMO-" + invoice.getInvoiceNumber())
                      .build())
              .getInvoice();
      say("payment recorded: invoice %s is %s", invoice.getInvoiceNumber(), invoice.getStatus());

      CustomerSupportDetails details =
          await(
              "account standing GOOD (customer-support consumes invoicing events)",
              () ->
                  Optional.of(
                          support
                              .getCustomerSupportDetails(
                                  GetCustomerSupportDetailsRequest.newBuilder()
                                      .setCustomerId(customer)
                                      .build())
                              .getCustomerSupportDetails())
                      .filter(
                          d ->
                              d.getAccountStanding()
                                  == AccountStanding.ACCOUNT_STANDING_GOOD_STANDING));
      say("account standing: %s", details.getAccountStanding());
      System.out.println(
          "\ndemo complete: every step above was carried by events between the three contexts.");
      return 0;
    } finally {
      for (ManagedChannel channel :
          new ManagedChannel[] {supportChannel, telemetryChannel, invoicingChannel}) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** How often a conditional change is tried with a freshly read ticket before giving up. */
  private static final int ETAG_ATTEMPTS = 3;

  /**
   * Applies {@code action} to {@code read} and, when the ticket changed since it was read (ABORTED,
   * reason ETAG_MISMATCH), to the ticket read again: the client side of optimistic concurrency.
   * Gives up after {@link #ETAG_ATTEMPTS} attempts with the last conflict.
   */
  private Ticket withCurrentEtag(
      CustomerSupportServiceGrpc.CustomerSupportServiceBlockingStub support,
      Ticket read,
      java.util.function.UnaryOperator<Ticket> action) {
    Ticket current = read;
    for (int attempt = 1; ; attempt++) {
      try {
        return action.apply(current);
      } catch (StatusRuntimeException e) {
        if (attempt >= ETAG_ATTEMPTS || !isEtagMismatch(e)) {
          throw e;
        }
        current =
            support
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getTicket(GetTicketRequest.newBuilder().setTicketId(read.getTicketId()).build())
                .getTicket();
        System.out.printf(
            "    ticket %s changed since it was read (etag %s, now %s): read again, retrying%n",
            current.getTicketNumber(), read.getEtag(), current.getEtag());
      }
    }
  }

  private static boolean isEtagMismatch(StatusRuntimeException e) {
    if (e.getStatus().getCode() != Status.Code.ABORTED) {
      return false;
    }
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    return status != null
        && status.getDetailsList().stream()
            .filter(any -> any.is(ErrorInfo.class))
            .anyMatch(
                any -> {
                  try {
                    return any.unpack(ErrorInfo.class).getReason().equals("ETAG_MISMATCH");
                  } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                    return false;
                  }
                });
  }

  private ManagedChannel channel(String address) {
    return transport.channel(address);
  }

  private static void record(
      TelemetryServiceGrpc.TelemetryServiceBlockingStub telemetry,
      Device device,
      double value,
      Instant observed) {
    telemetry
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .recordReading(
            RecordReadingRequest.newBuilder()
                .setReading(
                    Reading.newBuilder()
                        .setDeviceId(device.getDeviceId())
                        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                        .setValue(value)
                        .setObserveTime(
                            Timestamp.newBuilder().setSeconds(observed.getEpochSecond())))
                .build());
  }

  private <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(waitSeconds));
    while (Instant.now().isBefore(deadline)) {
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(250); // polling another process's read model: there is nothing to await on
    }
    throw CommandFailure.failed(
        "demo stopped at step " + (step + 1) + ": no " + what + " within " + waitSeconds + " s",
        "are all three services running (./fieldops up) and NATS with them? their logs are in"
            + " .fieldops/logs/; --wait gives the reactions longer");
  }

  private void say(String format, Object... args) {
    System.out.printf("%2d. %s%n", ++step, String.format(format, args));
  }

  private static String money(com.google.type.Money money) {
    return money.getCurrencyCode()
        + " "
        + new java.math.BigDecimal(money.getUnits())
            .add(java.math.BigDecimal.valueOf(money.getNanos(), 9))
            .stripTrailingZeros()
            .toPlainString();
  }

  private static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
