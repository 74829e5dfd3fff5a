package dev.fieldops.support.component;

import static dev.fieldops.support.component.RunningSupport.uniqueCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import com.google.protobuf.FieldMask;
import dev.fieldops.nats.inbox.ConsumerSupervisor.Status;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.support.adapter.nats.SupportConsumers;
import dev.fieldops.support.bootstrap.DeadLetterCommand;
import dev.fieldops.support.v1.AccountStanding;
import dev.fieldops.support.v1.CustomerSupportDetails;
import dev.fieldops.support.v1.GetCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.ListTicketCommentsRequest;
import dev.fieldops.support.v1.ListTicketsRequest;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsRequest;
import dev.fieldops.telemetry.v1.AlertSeverity;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The consumers' life around failures: support starts before telemetry and invoicing ever created
 * their streams (and says so in its health), and a stopped support catches up with what was
 * published meanwhile, applying each event once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerRecoveryIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> CONSUMERS =
      List.of(
          SupportConsumers.ALERT_TICKETS,
          SupportConsumers.ACTIVE_ALERTS,
          SupportConsumers.ACCOUNT_STANDING);

  private RunningSupport support;
  private OtherContexts others;

  @BeforeAll
  void start() throws Exception {
    support =
        RunningSupport.start(
            Map.of(
                "TELEMETRY_ADDRESS", "127.0.0.1:" + StandInTelemetry.reservePort(),
                "SUPPORT_CONSUMER_MAX_DELIVER", "3",
                "SUPPORT_CONSUMER_BACKOFF", "300ms,600ms"));
    others = OtherContexts.connect(support.environment.nats().url());
  }

  @AfterAll
  void stop() throws Exception {
    others.close();
    support.close();
  }

  private ServingStatus health(String consumer) {
    return HealthGrpc.newBlockingStub(support.channel)
        .check(
            HealthCheckRequest.newBuilder()
                .setService(ServiceRuntime.CONSUMER_HEALTH_PREFIX + consumer)
                .build())
        .getStatus();
  }

  private List<Ticket> ticketsOf(String customer) {
    return support
        .agent()
        .listTickets(ListTicketsRequest.newBuilder().setCustomerId(customer).build())
        .getTicketsList();
  }

  private CustomerSupportDetails details(String customer) {
    return support
        .agent()
        .getCustomerSupportDetails(
            GetCustomerSupportDetailsRequest.newBuilder().setCustomerId(customer).build())
        .getCustomerSupportDetails();
  }

  @Test
  @Order(1)
  void consumers_wait_for_streams_that_do_not_exist_yet_and_start_once_they_do() throws Exception {
    assertThat(support.wiring.consumers().statuses().values()).containsOnly(Status.WAITING);
    for (var consumer : CONSUMERS) {
      assertThat(health(consumer)).isEqualTo(ServingStatus.NOT_SERVING);
    }
    assertThat(
            HealthGrpc.newBlockingStub(support.channel)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .as("support itself serves without the other contexts")
        .isEqualTo(ServingStatus.SERVING);

    others.createStreams();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (var consumer : CONSUMERS) {
                assertThat(health(consumer)).isEqualTo(ServingStatus.SERVING);
              }
            });
    assertThat(support.wiring.consumers().statuses().values()).containsOnly(Status.RUNNING);
  }

  @Test
  @Order(2)
  void a_stopped_service_catches_up_with_what_was_published_meanwhile_applying_each_event_once()
      throws Exception {
    var customer = uniqueCustomer("acme");
    support
        .agent()
        .updateCustomerSupportDetails(
            UpdateCustomerSupportDetailsRequest.newBuilder()
                .setDetails(
                    CustomerSupportDetails.newBuilder()
                        .setCustomerId(customer)
                        .setContactName("Ada Lovelace"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("contact_name"))
                .setAllowMissing(true)
                .build());
    var device = UUID.randomUUID().toString();
    var before = UUID.randomUUID().toString();
    var during = UUID.randomUUID().toString();
    var firstRaise =
        others.alertRaised(customer, before, device, AlertSeverity.ALERT_SEVERITY_CRITICAL);
    await().atMost(WAIT).until(() -> ticketsOf(customer).size() == 1);

    support.stopService();
    others.republish(firstRaise);
    others.alertCleared(customer, before, device, 2);
    var secondRaise =
        others.alertRaised(customer, during, device, AlertSeverity.ALERT_SEVERITY_WARNING);
    others.republish(secondRaise);
    others.invoiceOverdue(customer, UUID.randomUUID().toString());
    support.startService();

    await()
        .atMost(WAIT)
        .until(
            () ->
                ticketsOf(customer).size() == 2
                    && details(customer).getActiveAlertCount() == 1
                    && details(customer).getAccountStanding()
                        == AccountStanding.ACCOUNT_STANDING_OVERDUE);
    var firstTicket =
        ticketsOf(customer).stream().filter(t -> t.getAlertId().equals(before)).findFirst();
    assertThat(firstTicket).isPresent();
    await()
        .atMost(WAIT)
        .until(
            () ->
                support
                    .agent()
                    .listTicketComments(
                        ListTicketCommentsRequest.newBuilder()
                            .setTicketId(firstTicket.get().getTicketId())
                            .build())
                    .getCommentsList()
                    .stream()
                    .anyMatch(c -> c.getBody().contains(" cleared at ")));
    // Each event applied once: one ticket per alert, one inbox row per event and consumer.
    assertThat(ticketsOf(customer))
        .extracting(Ticket::getAlertId)
        .containsExactlyInAnyOrder(before, during);
    var db = support.runtime.infrastructure().database().dsl();
    assertThat(
            db.fetchCount(
                table("inbox_event"),
                field("consumer", String.class)
                    .eq(SupportConsumers.ALERT_TICKETS)
                    .and(field("aggregate_id", String.class).in(before, during))))
        .isEqualTo(3);
    assertThat(DeadLetterCommand.of(support.environment.env()).list(Optional.empty())).isEmpty();
  }
}
