package dev.fieldops.support.component;

import static dev.fieldops.support.component.RunningSupport.uniqueCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import dev.fieldops.kernel.Principal;
import dev.fieldops.nats.inbox.ConsumerSupervisor;
import dev.fieldops.nats.inbox.DeadLetter;
import dev.fieldops.nats.inbox.ParkReason;
import dev.fieldops.support.adapter.nats.SupportConsumers;
import dev.fieldops.support.bootstrap.DeadLetterCommand;
import dev.fieldops.support.v1.CommentAuthorKind;
import dev.fieldops.support.v1.CommentVisibility;
import dev.fieldops.support.v1.ListTicketCommentsRequest;
import dev.fieldops.support.v1.ListTicketsRequest;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.TicketComment;
import dev.fieldops.support.v1.TicketPriority;
import dev.fieldops.support.v1.TicketStatus;
import dev.fieldops.telemetry.v1.AlertRaised;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.test.PrometheusText;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Telemetry alerts becoming tickets, through the real service: alert events are published on a
 * TELEMETRY stream exactly as telemetry's relay publishes them, consumed by {@code
 * support-alert-tickets}, and the outcome is checked over the public API. Telemetry itself is down
 * (nothing listens on TELEMETRY_ADDRESS) until the one test that starts a stand-in for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertTicketsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private RunningSupport support;
  private OtherContexts telemetry;
  private int telemetryPort;
  private StandInTelemetry standIn;

  @BeforeAll
  void start() throws Exception {
    telemetryPort = StandInTelemetry.reservePort();
    support =
        RunningSupport.start(
            Map.of(
                "TELEMETRY_ADDRESS", "127.0.0.1:" + telemetryPort,
                "TELEMETRY_DEADLINE", "1s",
                "SUPPORT_CONSUMER_MAX_DELIVER", "3",
                "SUPPORT_CONSUMER_BACKOFF", "300ms,600ms",
                "SUPPORT_ENRICHMENT_INTERVAL", "200ms",
                "SUPPORT_ENRICHMENT_RETRY_FIRST", "200ms",
                "SUPPORT_ENRICHMENT_RETRY_MAX", "1s",
                "SUPPORT_DEAD_LETTER_RETRY_INTERVAL", "200ms"),
            environment -> {
              // The other contexts ran first: their streams exist when support starts.
              try (var first = OtherContexts.connect(environment.nats().url())) {
                first.createStreams();
              }
            });
    telemetry = OtherContexts.connect(support.environment.nats().url());
    await()
        .atMost(WAIT)
        .until(
            () ->
                support.wiring.consumers().statuses().values().stream()
                    .allMatch(status -> status == ConsumerSupervisor.Status.RUNNING));
  }

  @AfterAll
  void stop() throws Exception {
    if (standIn != null) {
      standIn.close();
    }
    telemetry.close();
    support.close();
  }

  private List<Ticket> ticketsOf(String customer) {
    return support
        .agent()
        .listTickets(ListTicketsRequest.newBuilder().setCustomerId(customer).build())
        .getTicketsList();
  }

  private Ticket onlyTicketOf(String customer) {
    await().atMost(WAIT).until(() -> !ticketsOf(customer).isEmpty());
    var tickets = ticketsOf(customer);
    assertThat(tickets).hasSize(1);
    return tickets.getFirst();
  }

  private List<TicketComment> commentsOf(String ticketId) {
    return support
        .agent()
        .listTicketComments(ListTicketCommentsRequest.newBuilder().setTicketId(ticketId).build())
        .getCommentsList();
  }

  private DSLContext db() {
    return support.runtime.infrastructure().database().dsl();
  }

  private Optional<DeadLetter> parked(String eventId) {
    return DeadLetterCommand.of(support.environment.env())
        .list(Optional.of(SupportConsumers.ALERT_TICKETS))
        .stream()
        .filter(letter -> letter.eventId().map(UUID::toString).equals(Optional.of(eventId)))
        .findFirst();
  }

  private static String device() {
    return UUID.randomUUID().toString();
  }

  @Test
  void a_critical_alert_opens_one_urgent_ticket_announced_like_any_other() {
    var customer = uniqueCustomer("acme");
    var alert = UUID.randomUUID().toString();
    var freezer = device();

    telemetry.alertRaised(customer, alert, freezer, AlertSeverity.ALERT_SEVERITY_CRITICAL);

    var ticket = onlyTicketOf(customer);
    assertThat(ticket.getPriority()).isEqualTo(TicketPriority.TICKET_PRIORITY_URGENT);
    assertThat(ticket.getChannel()).isEqualTo(TicketChannel.TICKET_CHANNEL_TELEMETRY_ALERT);
    assertThat(ticket.getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_NEW);
    assertThat(ticket.getDeviceId()).isEqualTo(freezer);
    assertThat(ticket.getAlertId()).isEqualTo(alert);
    assertThat(ticket.getSubject()).isEqualTo("Freezer 3, back store: -9.5 °C is above -15.0 °C");
    assertThat(ticket.getDescription()).contains("Device details are not available yet");
    assertThat(ticket.getTicketNumber()).matches("T-\\d{4}-\\d{6}");
    assertThat(ticket.getSla().hasFirstResponseDueTime()).isTrue();
    assertThat(ticket.getSla().hasResolutionDueTime()).isTrue();
    // Announced on the SUPPORT stream like a ticket opened over gRPC: one TicketOpened, published.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        db().select(
                                field("subject", String.class),
                                field("event_type", String.class),
                                field("published_time", OffsetDateTime.class))
                            .from(table("outbox_event"))
                            .where(field("aggregate_id", String.class).eq(ticket.getTicketId()))
                            .fetch())
                    .singleElement()
                    .satisfies(
                        row -> {
                          assertThat(row.value1()).isEqualTo("support.ticket.opened");
                          assertThat(row.value2()).isEqualTo("fieldops.support.v1.TicketOpened");
                          assertThat(row.value3()).isNotNull();
                        }));
  }

  @Test
  void the_same_raise_delivered_twice_or_raised_again_opens_no_second_ticket() {
    var customer = uniqueCustomer("globex");
    var alert = UUID.randomUUID().toString();
    var freezer = device();
    var before = support.consumer(SupportConsumers.ALERT_TICKETS);

    var raised =
        telemetry.alertRaised(customer, alert, freezer, AlertSeverity.ALERT_SEVERITY_WARNING);
    telemetry.republish(raised);
    telemetry.alertRaised(customer, alert, freezer, AlertSeverity.ALERT_SEVERITY_WARNING);

    await()
        .atMost(WAIT)
        .until(
            () -> {
              var now = support.consumer(SupportConsumers.ALERT_TICKETS);
              return now.applied() - before.applied() >= 2
                  && now.duplicates() - before.duplicates() >= 1;
            });
    assertThat(onlyTicketOf(customer).getPriority()).isEqualTo(TicketPriority.TICKET_PRIORITY_HIGH);
  }

  @Test
  void a_failed_attempt_is_delivered_again_and_applied_once() {
    var customer = uniqueCustomer("initech");
    var tag = customer.replace('-', '_');
    var db = db();
    db.execute("CREATE SEQUENCE " + tag + "_attempts");
    db.execute(
        "CREATE FUNCTION "
            + tag
            + "_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.customer_id = '"
            + customer
            + "' THEN"
            + "   IF nextval('"
            + tag
            + "_attempts') = 1 THEN"
            + "     RAISE EXCEPTION 'the database refused the first attempt';"
            + "   END IF;"
            + " END IF;"
            + " RETURN NEW; END $$");
    db.execute(
        "CREATE TRIGGER "
            + tag
            + "_fail_once BEFORE INSERT ON ticket FOR EACH ROW EXECUTE FUNCTION "
            + tag
            + "_fail_once()");
    try {
      var before = support.consumer(SupportConsumers.ALERT_TICKETS);

      telemetry.alertRaised(
          customer, UUID.randomUUID().toString(), device(), AlertSeverity.ALERT_SEVERITY_CRITICAL);

      onlyTicketOf(customer);
      var after = support.consumer(SupportConsumers.ALERT_TICKETS);
      assertThat(after.retried() - before.retried()).isEqualTo(1);
      assertThat(after.parked()).isEqualTo(before.parked());
      assertThat(db.fetchValue("SELECT last_value FROM " + tag + "_attempts", Long.class))
          .isEqualTo(2L);
    } finally {
      db.execute("DROP TRIGGER " + tag + "_fail_once ON ticket");
    }
  }

  @Test
  void an_escalated_alert_makes_its_ticket_urgent() {
    var customer = uniqueCustomer("umbrella");
    var alert = UUID.randomUUID().toString();
    var freezer = device();
    telemetry.alertRaised(customer, alert, freezer, AlertSeverity.ALERT_SEVERITY_WARNING);
    var opened = onlyTicketOf(customer);
    assertThat(opened.getPriority()).isEqualTo(TicketPriority.TICKET_PRIORITY_HIGH);

    telemetry.alertEscalated(customer, alert, freezer, 2);

    await()
        .atMost(WAIT)
        .until(() -> onlyTicketOf(customer).getPriority() == TicketPriority.TICKET_PRIORITY_URGENT);
    var escalated = onlyTicketOf(customer);
    assertThat(escalated.getSla().getResolutionDueTime().getSeconds())
        .isLessThan(opened.getSla().getResolutionDueTime().getSeconds());
    assertThat(
            db().fetchCount(
                    table("outbox_event"),
                    field("aggregate_id", String.class)
                        .eq(opened.getTicketId())
                        .and(
                            field("event_type", String.class)
                                .eq("fieldops.support.v1.TicketUpdated"))))
        .isEqualTo(1);
  }

  @Test
  void a_cleared_alert_adds_an_internal_note_and_leaves_the_ticket_open() {
    var customer = uniqueCustomer("hooli");
    var alert = UUID.randomUUID().toString();
    var freezer = device();
    telemetry.alertRaised(customer, alert, freezer, AlertSeverity.ALERT_SEVERITY_CRITICAL);
    var ticket = onlyTicketOf(customer);
    var before = support.consumer(SupportConsumers.ALERT_TICKETS);

    telemetry.alertAcknowledged(customer, alert, freezer, 2);
    telemetry.alertCleared(customer, alert, freezer, 3);

    await()
        .atMost(WAIT)
        .until(
            () ->
                commentsOf(ticket.getTicketId()).stream()
                    .anyMatch(c -> c.getBody().contains(" cleared at ")));
    var note =
        commentsOf(ticket.getTicketId()).stream()
            .filter(c -> c.getBody().contains(" cleared at "))
            .toList();
    assertThat(note)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getVisibility())
                  .isEqualTo(CommentVisibility.COMMENT_VISIBILITY_INTERNAL);
              assertThat(c.getAuthorKind()).isEqualTo(CommentAuthorKind.COMMENT_AUTHOR_KIND_SYSTEM);
              assertThat(c.getBody())
                  .startsWith("Telemetry alert " + alert + " cleared at ")
                  .contains("value -14.5, peak -7.25; reason CONDITION_ENDED");
            });
    assertThat(onlyTicketOf(customer).getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_NEW);
    // The acknowledgement is telemetry's business: skipped without effect.
    assertThat(support.consumer(SupportConsumers.ALERT_TICKETS).ignored() - before.ignored())
        .isGreaterThanOrEqualTo(1);
    // Customers do not see internal notes.
    assertThat(
            support
                .customer(customer)
                .listTicketComments(
                    ListTicketCommentsRequest.newBuilder()
                        .setTicketId(ticket.getTicketId())
                        .build())
                .getCommentsList())
        .isEmpty();
  }

  @Test
  void a_clearance_of_an_alert_without_ticket_is_parked_and_applied_by_a_retry_once_it_has_one()
      throws InterruptedException {
    var customer = uniqueCustomer("wayne");
    var alert = UUID.randomUUID().toString();
    var freezer = device();

    var cleared = telemetry.alertCleared(customer, alert, freezer, 3);

    await().atMost(WAIT).until(() -> parked(cleared.eventId()).isPresent());
    var letter = parked(cleared.eventId()).orElseThrow();
    assertThat(letter.reason()).isEqualTo(ParkReason.REJECTED);
    assertThat(letter.error()).contains("alert " + alert + " has no ticket");
    assertThat(letter.subject()).isEqualTo("telemetry.alert.cleared");

    // Later events still flow, including this alert's raise.
    var otherCustomer = uniqueCustomer("wayne-other");
    telemetry.alertRaised(
        otherCustomer,
        UUID.randomUUID().toString(),
        device(),
        AlertSeverity.ALERT_SEVERITY_WARNING);
    onlyTicketOf(otherCustomer);
    telemetry.alertRaised(customer, alert, freezer, AlertSeverity.ALERT_SEVERITY_CRITICAL);
    var ticket = onlyTicketOf(customer);

    var retry = DeadLetterCommand.of(support.environment.env()).retry(letter.id(), WAIT);

    assertThat(retry).contains("APPLIED");
    assertThat(commentsOf(ticket.getTicketId()))
        .filteredOn(c -> c.getBody().contains(" cleared at "))
        .hasSize(1);
    assertThat(parked(cleared.eventId())).isEmpty();
    assertThat(DeadLetterCommand.of(support.environment.env()).retry(letter.id(), WAIT))
        .hasValueSatisfying(outcome -> assertThat(outcome).startsWith("NOT_PARKED"));
  }

  /** What one run of {@code ./fieldops dead-letters support ARGS} printed, and its exit code. */
  private record CommandRun(int exit, String out, String err) {}

  private CommandRun deadLetters(String... args) {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    int exit =
        DeadLetterCommand.of(support.environment.env())
            .execute(args, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
    return new CommandRun(exit, out.toString(), err.toString());
  }

  @Test
  void an_operator_lists_and_retries_parked_events_as_json_and_reads_failures_in_one_line() {
    var customer = uniqueCustomer("kent");
    var alert = UUID.randomUUID().toString();
    var freezer = device();
    var cleared = telemetry.alertCleared(customer, alert, freezer, 3);
    await().atMost(WAIT).until(() -> parked(cleared.eventId()).isPresent());

    var listed = deadLetters("list", SupportConsumers.ALERT_TICKETS, "--json");

    assertThat(listed.exit()).isZero();
    var letter =
        com.google.gson.JsonParser.parseString(listed.out()).getAsJsonArray().asList().stream()
            .map(com.google.gson.JsonElement::getAsJsonObject)
            .filter(object -> object.get("event_id").getAsString().equals(cleared.eventId()))
            .findFirst()
            .orElseThrow();
    assertThat(letter.get("consumer").getAsString()).isEqualTo(SupportConsumers.ALERT_TICKETS);
    assertThat(letter.get("reason").getAsString()).isEqualTo("REJECTED");
    assertThat(letter.get("subject").getAsString()).isEqualTo("telemetry.alert.cleared");
    assertThat(letter.get("error").getAsString()).contains("has no ticket");
    long id = letter.get("id").getAsLong();

    telemetry.alertRaised(customer, alert, freezer, AlertSeverity.ALERT_SEVERITY_CRITICAL);
    onlyTicketOf(customer);
    var applied = deadLetters("retry", Long.toString(id), "--json");

    assertThat(applied.exit()).isZero();
    assertThat(
            com.google.gson.JsonParser.parseString(applied.out())
                .getAsJsonObject()
                .get("outcome")
                .getAsString())
        .isEqualTo("APPLIED");

    var again = deadLetters("retry", Long.toString(id));

    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith(
                        "fieldops dead-letters support retry: dead letter " + id + ": NOT_PARKED")
                    .contains("What to do: list shows what is parked"));

    var unknown = deadLetters("list", "support-nothing");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no consumer 'support-nothing'");
  }

  @Test
  void an_event_that_breaks_the_rules_or_cannot_be_read_is_parked_with_the_reason() {
    var badCustomer =
        telemetry.alertRaised(
            "acme corp!",
            UUID.randomUUID().toString(),
            device(),
            AlertSeverity.ALERT_SEVERITY_CRITICAL);
    var alert = UUID.randomUUID().toString();
    var unreadable =
        new OtherContexts.Published(
            "telemetry.alert.raised",
            "/fieldops/telemetry",
            alert,
            1,
            AlertRaised.newBuilder().setEventId(UUID.randomUUID().toString()).build());
    telemetry.publishRaw(unreadable, new byte[] {0x0a, 0x7f, 0x01});
    var farFuture = UUID.randomUUID().toString();
    var fromYear10000 =
        telemetry.publish(
            "telemetry.alert.raised",
            "/fieldops/telemetry",
            farFuture,
            1,
            AlertRaised.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurTime(
                    com.google.protobuf.Timestamp.newBuilder().setSeconds(253_402_300_800L))
                .setAggregateVersion(1)
                .setCustomerId(uniqueCustomer("acme"))
                .setAlertId(farFuture)
                .setDeviceId(device())
                .setRuleId("rule-1")
                .setSeverity(AlertSeverity.ALERT_SEVERITY_CRITICAL)
                .setMetric(dev.fieldops.telemetry.v1.Metric.METRIC_TEMPERATURE_CELSIUS)
                .setObserveTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1))
                .build());

    await().atMost(WAIT).until(() -> parked(badCustomer.eventId()).isPresent());
    assertThat(parked(badCustomer.eventId()).orElseThrow())
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo(ParkReason.REJECTED);
              assertThat(letter.error()).contains("customer_id 'acme corp!' is invalid");
            });
    await().atMost(WAIT).until(() -> parked(unreadable.eventId()).isPresent());
    assertThat(parked(unreadable.eventId()).orElseThrow().reason())
        .isEqualTo(ParkReason.UNDECODABLE);
    await().atMost(WAIT).until(() -> parked(fromYear10000.eventId()).isPresent());
    assertThat(parked(fromYear10000.eventId()).orElseThrow())
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo(ParkReason.REJECTED);
              assertThat(letter.error()).contains("occur_time: must be a time between");
            });
  }

  @Test
  void a_ticket_opened_while_telemetry_is_down_is_described_once_telemetry_is_back()
      throws Exception {
    var customer = uniqueCustomer("stark");
    var freezer = device();
    telemetry.alertRaised(
        customer, UUID.randomUUID().toString(), freezer, AlertSeverity.ALERT_SEVERITY_CRITICAL);
    var ticket = onlyTicketOf(customer);
    assertThat(ticket.getDescription()).contains("Device details are not available yet");
    // Telemetry was asked and did not answer: the ticket waits, with its failed attempts counted.
    await()
        .atMost(WAIT)
        .until(
            () ->
                Optional.ofNullable(
                            db().select(field("attempts", Integer.class))
                                .from(table("ticket_enrichment"))
                                .where(
                                    field("ticket_id", UUID.class)
                                        .eq(UUID.fromString(ticket.getTicketId())))
                                .fetchOne(field("attempts", Integer.class)))
                        .orElse(0)
                    >= 2);
    assertThat(commentsOf(ticket.getTicketId())).isEmpty();

    standIn =
        StandInTelemetry.start(telemetryPort, support.environment.tokens())
            .withFreezer(freezer, customer);

    await().atMost(WAIT).until(() -> !commentsOf(ticket.getTicketId()).isEmpty());
    assertThat(commentsOf(ticket.getTicketId()))
        .singleElement()
        .satisfies(
            note -> {
              assertThat(note.getVisibility())
                  .isEqualTo(CommentVisibility.COMMENT_VISIBILITY_INTERNAL);
              assertThat(note.getAuthorKind())
                  .isEqualTo(CommentAuthorKind.COMMENT_AUTHOR_KIND_SYSTEM);
              assertThat(note.getBody())
                  .contains("name: Freezer 3, back store")
                  .contains("location: Warehouse 2, cold room B")
                  .contains("kind: FREEZER")
                  .contains("min -20 °C, max -9.5 °C, avg -14.33 °C, count 30");
            });
    assertThat(
            db().fetchCount(
                    table("ticket_enrichment"),
                    field("ticket_id", UUID.class).eq(UUID.fromString(ticket.getTicketId()))))
        .isZero();
    assertThat(standIn.callers)
        .isNotEmpty()
        .allSatisfy(
            caller ->
                assertThat(caller).isEqualTo(new Principal.Service("customer-support", "support")));
    // The calls to telemetry are measured on the platform's client channel (gRFC A66 names).
    var metrics = PrometheusText.parse(support.runtime.observability().scrape());
    assertThat(
            metrics.value(
                "grpc_client_call_duration_seconds_count",
                Map.of(
                    "grpc_method",
                    "fieldops.telemetry.v1.TelemetryService/GetDevice",
                    "grpc_status",
                    "OK")))
        .hasValueSatisfying(calls -> assertThat(calls).isGreaterThanOrEqualTo(1.0));
    assertThat(
            metrics.find(
                "grpc_client_attempt_duration_seconds_count",
                Map.of(
                    "grpc_method",
                    "fieldops.telemetry.v1.TelemetryService/QueryReadings",
                    "grpc_status",
                    "OK")))
        .isNotEmpty();
  }
}
