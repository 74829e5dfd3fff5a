package dev.fieldops.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.ValidationException;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import com.google.type.Money;
import dev.fieldops.invoicing.v1.InvoicingEventsProto;
import dev.fieldops.invoicing.v1.InvoicingServiceProto;
import dev.fieldops.invoicing.v1.RecordPaymentRequest;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportServiceProto;
import dev.fieldops.support.v1.SupportEventsProto;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.UpdateTicketRequest;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.QueryReadingsRequest;
import dev.fieldops.telemetry.v1.Reading;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.TelemetryEventsProto;
import dev.fieldops.telemetry.v1.TelemetryServiceProto;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the published contract for the promises that protoc and buf lint cannot see: envelope
 * fields every event subscriber relies on, the published NATS subjects, and validation rules that
 * really compile and bite on the Java runtime the services use.
 */
class ContractsTest {

  private static final List<FileDescriptor> SERVICE_FILES =
      List.of(
          CustomerSupportServiceProto.getDescriptor(),
          TelemetryServiceProto.getDescriptor(),
          InvoicingServiceProto.getDescriptor());

  private static final List<FileDescriptor> EVENT_FILES =
      List.of(
          SupportEventsProto.getDescriptor(),
          TelemetryEventsProto.getDescriptor(),
          InvoicingEventsProto.getDescriptor());

  /** The published subjects, with their message where it names one. */
  private static final Map<String, String> CONTRACT_SUBJECTS =
      Map.ofEntries(
          Map.entry("support.customer.updated", "CustomerSupportDetailsUpdated"),
          Map.entry("support.ticket.opened", "TicketOpened"),
          Map.entry("support.ticket.updated", "TicketUpdated"),
          Map.entry("support.ticket.assigned", "TicketAssigned"),
          Map.entry("support.ticket.commented", "TicketCommentAdded"),
          Map.entry("support.ticket.resolved", "TicketResolved"),
          Map.entry("support.ticket.closed", "TicketClosed"),
          Map.entry("support.ticket.reopened", "TicketReopened"),
          Map.entry("support.ticket.sla_breached", "TicketSlaBreached"),
          Map.entry("telemetry.device.registered", "DeviceRegistered"),
          Map.entry("telemetry.device.decommissioned", "DeviceDecommissioned"),
          Map.entry("telemetry.device.temperature_changed", "TemperatureChanged"),
          Map.entry("telemetry.alert.raised", "AlertRaised"),
          Map.entry("telemetry.alert.escalated", "AlertEscalated"),
          Map.entry("telemetry.alert.acknowledged", "AlertAcknowledged"),
          Map.entry("telemetry.alert.cleared", "AlertCleared"),
          Map.entry("invoicing.invoice.issued", "InvoiceIssued"),
          Map.entry("invoicing.invoice.payment_recorded", "PaymentRecorded"),
          Map.entry("invoicing.invoice.paid", "InvoicePaid"),
          Map.entry("invoicing.invoice.overdue", "InvoiceOverdue"),
          Map.entry("invoicing.invoice.voided", "InvoiceVoided"),
          Map.entry("invoicing.charge.recorded", "ChargeRecorded"));

  /** Events whose aggregate is the customer's profile itself, so customer_id is its id. */
  private static final Set<String> CUSTOMER_AGGREGATE_EVENTS =
      Set.of("CustomerSupportDetailsUpdated");

  private static final String A_UUID = "0190f5b4-8c3e-7a11-9f2d-3c4b5a697887";

  private final Validator validator = ValidatorFactory.newBuilder().build();

  @Test
  void every_rpc_has_its_own_request_and_response_named_after_it() {
    Set<String> seen = new HashSet<>();
    for (FileDescriptor file : SERVICE_FILES) {
      assertThat(file.getServices()).hasSize(1);
      for (MethodDescriptor rpc : file.getServices().getFirst().getMethods()) {
        assertThat(rpc.getInputType().getName()).isEqualTo(rpc.getName() + "Request");
        assertThat(rpc.getOutputType().getName()).isEqualTo(rpc.getName() + "Response");
        assertThat(seen.add(rpc.getInputType().getFullName()))
            .as("request type of %s is shared", rpc.getFullName())
            .isTrue();
        assertThat(seen.add(rpc.getOutputType().getFullName()))
            .as("response type of %s is shared", rpc.getFullName())
            .isTrue();
      }
    }
  }

  @Test
  void the_services_and_rpcs_named_in_the_contract_exist() {
    assertThat(rpcNames(CustomerSupportServiceProto.getDescriptor()))
        .contains(
            "GetCustomerSupportDetails",
            "UpdateCustomerSupportDetails",
            "CreateTicket",
            "GetTicket",
            "ListTickets",
            "UpdateTicket",
            "AddTicketComment",
            "ListTicketComments",
            "AssignTicket",
            "ResolveTicket",
            "CloseTicket",
            "ReopenTicket");
    assertThat(rpcNames(TelemetryServiceProto.getDescriptor()))
        .contains(
            "RegisterDevice",
            "GetDevice",
            "ListDevices",
            "DecommissionDevice",
            "RecordReading",
            "StreamReadings",
            "QueryReadings",
            "CreateAlertRule",
            "GetAlertRule",
            "ListAlertRules",
            "UpdateAlertRule",
            "DeleteAlertRule",
            "ListAlerts",
            "GetAlert",
            "AcknowledgeAlert",
            "WatchAlerts");
    assertThat(rpcNames(InvoicingServiceProto.getDescriptor()))
        .contains(
            "CreateInvoice",
            "GetInvoice",
            "ListInvoices",
            "AddInvoiceLine",
            "RemoveInvoiceLine",
            "IssueInvoice",
            "RecordPayment",
            "VoidInvoice",
            "ListUnbilledCharges",
            "DraftInvoiceFromUnbilledCharges",
            "GetCustomerBalance");
    MethodDescriptor stream =
        TelemetryServiceProto.getDescriptor()
            .findServiceByName("TelemetryService")
            .findMethodByName("StreamReadings");
    MethodDescriptor watch =
        TelemetryServiceProto.getDescriptor()
            .findServiceByName("TelemetryService")
            .findMethodByName("WatchAlerts");
    assertThat(stream.isClientStreaming()).isTrue();
    assertThat(stream.isServerStreaming()).isFalse();
    assertThat(watch.isServerStreaming()).isTrue();
    assertThat(watch.isClientStreaming()).isFalse();
  }

  /**
   * Fields 1-4 are the same in every event, so a relay or a dead-letter tool can read the envelope
   * of any payload without knowing its type.
   */
  @Test
  void every_event_carries_its_envelope_in_the_same_fields() {
    for (Descriptor event : allEvents()) {
      assertField(event, "event_id", 1, JavaType.STRING);
      assertField(event, "occur_time", 2, JavaType.MESSAGE);
      assertThat(event.findFieldByName("occur_time").getMessageType().getFullName())
          .isEqualTo(Timestamp.getDescriptor().getFullName());
      assertField(event, "aggregate_version", 3, JavaType.LONG);
      assertField(event, "customer_id", 4, JavaType.STRING);
      if (!CUSTOMER_AGGREGATE_EVENTS.contains(event.getName())) {
        FieldDescriptor aggregateId = event.findFieldByNumber(5);
        assertThat(aggregateId).as("%s: aggregate id in field 5", event.getName()).isNotNull();
        assertThat(aggregateId.getName()).endsWith("_id");
        assertThat(aggregateId.getJavaType()).isEqualTo(JavaType.STRING);
      }
    }
  }

  @Test
  void every_event_documents_its_own_subject_in_its_context() throws IOException {
    Map<String, String> messageBySubject = new HashMap<>();
    for (FileDescriptor file : EVENT_FILES) {
      String context = file.getPackage().split("\\.")[1];
      Map<String, String> subjects = documentedSubjects(file);
      for (Descriptor event : file.getMessageTypes()) {
        String subject = subjects.get(event.getName());
        assertThat(subject).as("%s documents no Subject", event.getName()).isNotNull();
        assertThat(subject).startsWith(context + ".");
        assertThat(messageBySubject.put(subject, event.getName()))
            .as("subject %s used twice", subject)
            .isNull();
      }
    }
    assertThat(messageBySubject).containsAllEntriesOf(CONTRACT_SUBJECTS);
  }

  @Test
  void every_validation_rule_compiles_on_the_java_runtime() {
    List<Descriptor> all = new ArrayList<>();
    for (FileDescriptor file : SERVICE_FILES) {
      all.addAll(file.getMessageTypes());
    }
    for (FileDescriptor file : EVENT_FILES) {
      all.addAll(file.getMessageTypes());
    }
    assertThatCode(() -> ValidatorFactory.newBuilder().buildWithDescriptors(all, true))
        .doesNotThrowAnyException();
  }

  @Test
  void a_well_formed_ticket_can_be_created() throws ValidationException {
    assertThat(validator.validate(validCreateTicket().build()).getViolations()).isEmpty();
  }

  @Test
  void cannot_create_a_ticket_with_a_malformed_request_id_or_customer_id()
      throws ValidationException {
    CreateTicketRequest request =
        validCreateTicket()
            .setRequestId("retry-1")
            .setTicket(validCreateTicket().getTicket().toBuilder().setCustomerId("acme corp!"))
            .build();

    assertThat(violatedFields(validator.validate(request)))
        .containsExactlyInAnyOrder("request_id", "ticket.customer_id");
  }

  @Test
  void cannot_create_a_ticket_without_subject_or_channel() throws ValidationException {
    CreateTicketRequest request =
        validCreateTicket()
            .setTicket(validCreateTicket().getTicket().toBuilder().clearSubject().clearChannel())
            .build();

    assertThat(ruleIds(validator.validate(request)))
        .contains("ticket.subject.required", "ticket.channel.required");
  }

  @Test
  void an_update_mask_cannot_name_server_owned_fields() throws ValidationException {
    UpdateTicketRequest request =
        UpdateTicketRequest.newBuilder()
            .setTicket(Ticket.newBuilder().setTicketId(A_UUID))
            .setUpdateMask(FieldMask.newBuilder().addPaths("status"))
            .build();

    assertThat(violatedFields(validator.validate(request))).containsExactly("update_mask");
  }

  @Test
  void a_bad_reading_fails_a_unary_record_but_not_the_stream_batch_carrying_it()
      throws ValidationException {
    Reading notANumber =
        Reading.newBuilder()
            .setDeviceId(A_UUID)
            .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
            .setValue(Double.NaN)
            .setObserveTime(Timestamp.newBuilder().setSeconds(1_790_000_000L))
            .build();

    assertThat(
            violatedFields(
                validator.validate(
                    RecordReadingRequest.newBuilder().setReading(notANumber).build())))
        .containsExactly("reading.value");
    // The service validates each reading of a batch itself and counts it as rejected (INVALID);
    // a validation interceptor must not kill the whole ingest stream for it.
    assertThat(
            validator
                .validate(StreamReadingsRequest.newBuilder().addReadings(notANumber).build())
                .isSuccess())
        .isTrue();
  }

  @Test
  void a_threshold_must_clear_on_the_safe_side_of_its_raise_level() throws ValidationException {
    ThresholdCondition tooWarmClearsHigher =
        ThresholdCondition.newBuilder()
            .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
            .setRaiseLevel(8.0)
            .setClearLevel(9.0)
            .build();
    ThresholdCondition tooWarmWithHysteresis =
        tooWarmClearsHigher.toBuilder().setClearLevel(7.0).build();

    assertThat(ruleIds(validator.validate(tooWarmClearsHigher)))
        .containsExactly("clear_level.on_safe_side");
    assertThat(validator.validate(tooWarmWithHysteresis).isSuccess()).isTrue();
  }

  @Test
  void a_reading_query_covers_at_most_31_days_forward() throws ValidationException {
    long start = 1_790_000_000L;
    QueryReadingsRequest.Builder query =
        QueryReadingsRequest.newBuilder()
            .setDeviceId(A_UUID)
            .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
            .setStartTime(Timestamp.newBuilder().setSeconds(start));

    assertThat(
            validator
                .validate(
                    query.setEndTime(Timestamp.newBuilder().setSeconds(start + 86_400)).build())
                .isSuccess())
        .isTrue();
    assertThat(
            ruleIds(
                validator.validate(
                    query
                        .setEndTime(Timestamp.newBuilder().setSeconds(start + 32 * 86_400L))
                        .build())))
        .containsExactly("end_time.within_31_days_of_start_time");
    assertThat(
            ruleIds(
                validator.validate(
                    query.setEndTime(Timestamp.newBuilder().setSeconds(start - 1)).build())))
        .containsExactly("end_time.after_start_time");
  }

  @Test
  void a_payment_must_be_a_positive_amount() throws ValidationException {
    RecordPaymentRequest.Builder payment =
        RecordPaymentRequest.newBuilder()
            .setRequestId(A_UUID)
            .setInvoiceId(A_UUID)
            .setPaymentReference("SEPA 2026-11-26 4711");

    assertThat(validator.validate(payment.setAmount(eur(120, 500_000_000)).build()).isSuccess())
        .isTrue();
    assertThat(ruleIds(validator.validate(payment.setAmount(eur(0, 0)).build())))
        .containsExactly("money.positive");
    assertThat(ruleIds(validator.validate(payment.setAmount(eur(-5, 0)).build())))
        .containsExactly("money.positive");
    assertThat(
            ruleIds(
                validator.validate(
                    payment
                        .setAmount(eur(120, 0))
                        .setReceiveTime(Timestamp.newBuilder().setSeconds(4_000_000_000L))
                        .build())))
        .containsExactly("receive_time.not_in_future");
  }

  private static CreateTicketRequest.Builder validCreateTicket() {
    return CreateTicketRequest.newBuilder()
        .setRequestId(A_UUID)
        .setTicket(
            Ticket.newBuilder()
                .setCustomerId("acme-foods_01")
                .setSubject("Freezer 3 shows -9 °C")
                .setChannel(TicketChannel.TICKET_CHANNEL_PHONE)
                .addTags("freezer"));
  }

  private static Money eur(long units, int nanos) {
    return Money.newBuilder().setCurrencyCode("EUR").setUnits(units).setNanos(nanos).build();
  }

  private static List<String> rpcNames(FileDescriptor file) {
    return file.getServices().getFirst().getMethods().stream()
        .map(MethodDescriptor::getName)
        .toList();
  }

  private static List<Descriptor> allEvents() {
    List<Descriptor> events = new ArrayList<>();
    EVENT_FILES.forEach(file -> events.addAll(file.getMessageTypes()));
    assertThat(events).hasSizeGreaterThanOrEqualTo(CONTRACT_SUBJECTS.size());
    return events;
  }

  private static void assertField(Descriptor event, String name, int number, JavaType type) {
    FieldDescriptor field = event.findFieldByName(name);
    assertThat(field).as("%s lacks %s", event.getName(), name).isNotNull();
    assertThat(field.getNumber()).as("%s.%s number", event.getName(), name).isEqualTo(number);
    assertThat(field.getJavaType()).as("%s.%s type", event.getName(), name).isEqualTo(type);
    assertThat(field.isRepeated()).isFalse();
  }

  /** Reads "Subject: `x.y.z`" from the comment right above each message of a .proto file. */
  private static Map<String, String> documentedSubjects(FileDescriptor file) throws IOException {
    String source;
    try (InputStream in =
        ContractsTest.class.getClassLoader().getResourceAsStream(file.getName())) {
      assertThat(in).as("%s is packaged with the classes", file.getName()).isNotNull();
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Pattern subjectThenMessage =
        Pattern.compile("// Subject: `([a-z_.]+)`[^\\n]*\\n(?://[^\\n]*\\n)*message (\\w+) \\{");
    Map<String, String> subjects = new HashMap<>();
    Matcher matcher = subjectThenMessage.matcher(source);
    while (matcher.find()) {
      subjects.put(matcher.group(2), matcher.group(1));
    }
    return subjects;
  }

  private static List<String> violatedFields(ValidationResult result) {
    return result.toProto().getViolationsList().stream()
        .map(
            violation ->
                String.join(
                    ".",
                    violation.getField().getElementsList().stream()
                        .map(element -> element.getFieldName())
                        .toList()))
        .toList();
  }

  private static List<String> ruleIds(ValidationResult result) {
    return result.toProto().getViolationsList().stream()
        .map(build.buf.validate.Violation::getRuleId)
        .toList();
  }
}
