package dev.fieldops.support.component;

import static dev.fieldops.support.component.RunningSupport.uniqueCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import com.google.protobuf.FieldMask;
import dev.fieldops.nats.inbox.ConsumerState;
import dev.fieldops.nats.inbox.ConsumerSupervisor;
import dev.fieldops.support.adapter.nats.SupportConsumers;
import dev.fieldops.support.bootstrap.RebuildProjection;
import dev.fieldops.support.bootstrap.RebuildProjection.Target;
import dev.fieldops.support.v1.AccountStanding;
import dev.fieldops.support.v1.CustomerSupportDetails;
import dev.fieldops.support.v1.GetCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsRequest;
import dev.fieldops.telemetry.v1.AlertSeverity;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The two facts other contexts contribute to a support profile, fed by events published as the
 * producers publish them: {@code active_alert_count} (consumer support-active-alerts) and {@code
 * account_standing} (support-account-standing), through duplicates, events overtaking each other,
 * and a rebuild from the streams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupportProjectionsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private RunningSupport support;
  private OtherContexts others;

  @BeforeAll
  void start() throws Exception {
    support =
        RunningSupport.start(
            Map.of("SUPPORT_CONSUMER_MAX_DELIVER", "3", "SUPPORT_CONSUMER_BACKOFF", "300ms,600ms"),
            environment -> {
              // The other contexts ran first: their streams exist when support starts.
              try (var first = OtherContexts.connect(environment.nats().url())) {
                first.createStreams();
              }
            });
    others = OtherContexts.connect(support.environment.nats().url());
    await()
        .atMost(WAIT)
        .until(
            () ->
                support.wiring.consumers().statuses().values().stream()
                    .allMatch(status -> status == ConsumerSupervisor.Status.RUNNING));
  }

  @AfterAll
  void stop() throws Exception {
    others.close();
    support.close();
  }

  private void createProfile(String customer) {
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
  }

  private CustomerSupportDetails details(String customer) {
    return support
        .agent()
        .getCustomerSupportDetails(
            GetCustomerSupportDetailsRequest.newBuilder().setCustomerId(customer).build())
        .getCustomerSupportDetails();
  }

  private static long handled(ConsumerState state) {
    return state.applied() + state.duplicates() + state.ignored() + state.parked();
  }

  /** Waits until the consumer has dealt with {@code events} more deliveries than {@code before}. */
  private void awaitHandled(String consumer, ConsumerState before, int events) {
    await()
        .atMost(WAIT)
        .until(() -> handled(support.consumer(consumer)) - handled(before) >= events);
  }

  @Test
  void a_clearance_published_on_the_raise_subject_is_parked_by_both_alert_consumers_not_applied() {
    var customer = uniqueCustomer("acme");
    createProfile(customer);
    var alert = UUID.randomUUID().toString();
    var device = UUID.randomUUID().toString();
    var activeBefore = support.consumer(SupportConsumers.ACTIVE_ALERTS);
    var ticketsBefore = support.consumer(SupportConsumers.ALERT_TICKETS);

    others.alertClearedOn("telemetry.alert.raised", customer, alert, device, 2);

    await()
        .atMost(WAIT)
        .until(
            () ->
                support.consumer(SupportConsumers.ACTIVE_ALERTS).parked()
                        == activeBefore.parked() + 1
                    && support.consumer(SupportConsumers.ALERT_TICKETS).parked()
                        == ticketsBefore.parked() + 1);
    assertThat(
            support
                .runtime
                .infrastructure()
                .database()
                .dsl()
                .fetchCount(table("alert_activity"), field("alert_id", String.class).eq(alert)))
        .as("no phantom CLEARED row")
        .isZero();
    assertThat(support.consumer(SupportConsumers.ACTIVE_ALERTS).applied())
        .isEqualTo(activeBefore.applied());
    assertThat(support.consumer(SupportConsumers.ALERT_TICKETS).applied())
        .isEqualTo(ticketsBefore.applied());
  }

  @Test
  void active_alert_count_counts_raised_alerts_until_they_clear_whatever_repeats_or_overtakes() {
    var customer = uniqueCustomer("acme");
    createProfile(customer);
    var device = UUID.randomUUID().toString();
    var first = UUID.randomUUID().toString();
    var second = UUID.randomUUID().toString();
    var third = UUID.randomUUID().toString();
    assertThat(details(customer).getActiveAlertCount()).isZero();

    var raised = others.alertRaised(customer, first, device, AlertSeverity.ALERT_SEVERITY_WARNING);
    others.alertRaised(customer, second, device, AlertSeverity.ALERT_SEVERITY_CRITICAL);
    await().atMost(WAIT).until(() -> details(customer).getActiveAlertCount() == 2);

    var before = support.consumer(SupportConsumers.ACTIVE_ALERTS);
    others.republish(raised);
    others.alertRaised(customer, first, device, AlertSeverity.ALERT_SEVERITY_WARNING);
    others.alertEscalated(customer, second, device, 2);
    awaitHandled(SupportConsumers.ACTIVE_ALERTS, before, 3);
    assertThat(details(customer).getActiveAlertCount()).isEqualTo(2);

    var cleared = others.alertCleared(customer, first, device, 3);
    await().atMost(WAIT).until(() -> details(customer).getActiveAlertCount() == 1);

    before = support.consumer(SupportConsumers.ACTIVE_ALERTS);
    others.republish(cleared);
    // The third alert's clearance overtakes its raise: it must never count as active.
    others.alertCleared(customer, third, device, 2);
    others.alertRaised(customer, third, device, AlertSeverity.ALERT_SEVERITY_WARNING);
    awaitHandled(SupportConsumers.ACTIVE_ALERTS, before, 3);
    assertThat(details(customer).getActiveAlertCount()).isEqualTo(1);
  }

  @Test
  void account_standing_is_overdue_while_an_invoice_is_overdue_and_good_once_all_are_settled()
      throws Exception {
    var customer = uniqueCustomer("globex");
    createProfile(customer);
    var march = UUID.randomUUID().toString();
    var april = UUID.randomUUID().toString();
    assertThat(details(customer).getAccountStanding())
        .isEqualTo(AccountStanding.ACCOUNT_STANDING_UNKNOWN);

    var before = support.consumer(SupportConsumers.ACCOUNT_STANDING);
    others.invoiceIssued(customer, march);
    awaitHandled(SupportConsumers.ACCOUNT_STANDING, before, 1);
    assertThat(details(customer).getAccountStanding())
        .as("an issued invoice says nothing about standing")
        .isEqualTo(AccountStanding.ACCOUNT_STANDING_UNKNOWN);

    var overdue = others.invoiceOverdue(customer, march);
    await()
        .atMost(WAIT)
        .until(
            () ->
                details(customer).getAccountStanding() == AccountStanding.ACCOUNT_STANDING_OVERDUE);
    before = support.consumer(SupportConsumers.ACCOUNT_STANDING);
    others.republish(overdue);
    others.invoiceOverdue(customer, april);
    others.invoicePaidAsJson(customer, march);
    awaitHandled(SupportConsumers.ACCOUNT_STANDING, before, 3);
    assertThat(
            support
                .runtime
                .infrastructure()
                .database()
                .dsl()
                .select(field("invoice_id", String.class), field("state", String.class))
                .from(table("invoice_standing"))
                .where(field("customer_id", String.class).eq(customer))
                .fetchMap(field("invoice_id", String.class), field("state", String.class)))
        .isEqualTo(Map.of(march, "SETTLED", april, "OVERDUE"));
    assertThat(details(customer).getAccountStanding())
        .as("april is still overdue")
        .isEqualTo(AccountStanding.ACCOUNT_STANDING_OVERDUE);

    others.invoiceVoided(customer, april);
    await()
        .atMost(WAIT)
        .until(
            () ->
                details(customer).getAccountStanding()
                    == AccountStanding.ACCOUNT_STANDING_GOOD_STANDING);

    before = support.consumer(SupportConsumers.ACCOUNT_STANDING);
    // A late overdue notice of a paid invoice (republished by invoicing) changes nothing.
    others.invoiceOverdue(customer, march);
    awaitHandled(SupportConsumers.ACCOUNT_STANDING, before, 1);
    assertThat(details(customer).getAccountStanding())
        .isEqualTo(AccountStanding.ACCOUNT_STANDING_GOOD_STANDING);
  }

  @Test
  void a_rebuilt_projection_has_the_values_it_had() throws Exception {
    var alerts = uniqueCustomer("initech");
    var invoices = uniqueCustomer("hooli");
    createProfile(alerts);
    createProfile(invoices);
    var device = UUID.randomUUID().toString();
    var kept = UUID.randomUUID().toString();
    var gone = UUID.randomUUID().toString();
    others.alertRaised(alerts, kept, device, AlertSeverity.ALERT_SEVERITY_CRITICAL);
    others.alertRaised(alerts, gone, device, AlertSeverity.ALERT_SEVERITY_CRITICAL);
    others.alertCleared(alerts, gone, device, 2);
    var invoice = UUID.randomUUID().toString();
    others.invoiceOverdue(invoices, invoice);
    await()
        .atMost(WAIT)
        .until(
            () ->
                details(alerts).getActiveAlertCount() == 1
                    && details(invoices).getAccountStanding()
                        == AccountStanding.ACCOUNT_STANDING_OVERDUE);
    var db = support.runtime.infrastructure().database().dsl();
    var alertRows = db.fetchCount(table("alert_activity"));
    var standingRows = db.fetchCount(table("invoice_standing"));
    var activeBefore = support.consumer(SupportConsumers.ACTIVE_ALERTS);
    var standingBefore = support.consumer(SupportConsumers.ACCOUNT_STANDING);

    var rebuiltAlerts = RebuildProjection.rebuild(support.environment.env(), Target.ACTIVE_ALERTS);
    var rebuiltStanding =
        RebuildProjection.rebuild(support.environment.env(), Target.ACCOUNT_STANDING);

    assertThat(rebuiltAlerts.durableRecreated()).isTrue();
    assertThat(rebuiltAlerts.removed().projectionRows()).isEqualTo(alertRows);
    assertThat(rebuiltAlerts.removed().inboxRows()).isPositive();
    assertThat(rebuiltStanding.durableRecreated()).isTrue();
    assertThat(rebuiltStanding.removed().projectionRows()).isEqualTo(standingRows);
    // The running consumers re-create their durables and apply the whole streams again.
    await()
        .atMost(WAIT)
        .until(
            () ->
                support.consumer(SupportConsumers.ACTIVE_ALERTS).applied() - activeBefore.applied()
                        >= rebuiltAlerts.removed().inboxRows()
                    && support.consumer(SupportConsumers.ACCOUNT_STANDING).applied()
                            - standingBefore.applied()
                        >= rebuiltStanding.removed().inboxRows());
    await()
        .atMost(WAIT)
        .until(
            () ->
                db.fetchCount(table("alert_activity")) == alertRows
                    && db.fetchCount(table("invoice_standing")) == standingRows);
    assertThat(details(alerts).getActiveAlertCount()).isEqualTo(1);
    assertThat(details(invoices).getAccountStanding())
        .isEqualTo(AccountStanding.ACCOUNT_STANDING_OVERDUE);
  }

  @Test
  void the_rebuild_command_reports_as_json_and_refuses_what_is_not_a_projection() {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    var standingBefore = support.consumer(SupportConsumers.ACCOUNT_STANDING);

    int exit =
        dev.fieldops.commandline.CommandLines.execute(
            new RebuildProjection(support.environment.env()),
            new String[] {"account-standing", "--json"},
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true));

    assertThat(exit).isZero();
    var result = com.google.gson.JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(result.get("projection").getAsString()).isEqualTo("account-standing");
    assertThat(result.get("consumer").getAsString()).isEqualTo(SupportConsumers.ACCOUNT_STANDING);
    assertThat(result.get("stream").getAsString()).isEqualTo("INVOICING");
    long replayed = result.get("removed_inbox_rows").getAsLong();
    // Leave the projection as found: wait for the replay.
    await()
        .atMost(WAIT)
        .until(
            () ->
                support.consumer(SupportConsumers.ACCOUNT_STANDING).applied()
                        - standingBefore.applied()
                    >= replayed);

    int refused =
        dev.fieldops.commandline.CommandLines.execute(
            new RebuildProjection(support.environment.env()),
            new String[] {"alert-tickets"},
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true));

    assertThat(refused).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("fieldops rebuild-projection support: no projection 'alert-tickets'");
  }
}
