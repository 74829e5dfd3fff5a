package dev.fieldops.support.application.command;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.GLOBEX;
import static dev.fieldops.support.domain.ticket.TicketFixtures.OPENED_AT;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsField;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsValues;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.Actor;
import dev.fieldops.support.domain.ticket.AlertId;
import dev.fieldops.support.domain.ticket.TicketChannel;
import dev.fieldops.support.domain.ticket.TicketDraft;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketOpened;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CreateTicketHandlerTest {

  private final TestApplication app = new TestApplication();

  @Test
  void creating_a_ticket_stores_it_and_emits_ticket_opened() {
    var view = app.createTicket.handle(new CreateTicket(Principals.supportAgent(), draftFor(ACME)));

    assertThat(view.status()).isEqualTo(TicketStatus.NEW);
    assertThat(view.ticketNumber()).hasToString("T-2026-000001");
    assertThat(view.revision()).isEqualTo(1);
    assertThat(view.createTime()).isEqualTo(OPENED_AT);
    assertThat(
            app.store.tickets.find(
                view.ticketId(), dev.fieldops.support.domain.customer.CustomerScope.unrestricted()))
        .isPresent();
    assertThat(app.store.outbox.eventsOfType(TicketOpened.class))
        .singleElement()
        .satisfies(
            opened -> {
              assertThat(opened.ticketId()).isEqualTo(view.ticketId());
              assertThat(opened.customerId()).isEqualTo(ACME);
              assertThat(opened.actor()).isEqualTo(Actor.staff("agent-ada"));
            });
  }

  @Test
  void a_customer_without_a_support_profile_gets_basic_sla_targets() {
    var view = app.createTicket.handle(new CreateTicket(Principals.supportAgent(), draftFor(ACME)));

    // BASIC × NORMAL: 8 h / 5 days
    assertThat(view.sla().firstResponseDue()).isEqualTo(OPENED_AT.plus(Duration.ofHours(8)));
    assertThat(view.sla().resolutionDue()).isEqualTo(OPENED_AT.plus(Duration.ofDays(5)));
    assertThat(app.store.outbox.eventsOfType(TicketOpened.class).getFirst().slaTier())
        .isEqualTo(SupportTier.BASIC);
  }

  @Test
  void the_sla_targets_come_from_the_customers_tier() {
    premiumProfileFor(ACME);
    var urgent =
        TicketDraft.of(ACME, "Cold room at +12 °C", "", TicketPriority.URGENT, TicketChannel.PHONE);

    var view = app.createTicket.handle(new CreateTicket(Principals.supportAgent(), urgent));

    assertThat(view.sla().firstResponseDue()).isEqualTo(OPENED_AT.plus(Duration.ofMinutes(15)));
    assertThat(view.sla().resolutionDue()).isEqualTo(OPENED_AT.plus(Duration.ofHours(4)));
  }

  @Test
  void a_customer_opens_tickets_for_itself() {
    var view = app.createTicket.handle(new CreateTicket(Principals.customer(ACME), draftFor(ACME)));

    assertThat(view.customerId()).isEqualTo(ACME);
    assertThat(app.store.outbox.eventsOfType(TicketOpened.class).getFirst().actor())
        .isEqualTo(Actor.customer(ACME.value()));
  }

  @Test
  void a_customer_cannot_open_a_ticket_for_another_customer() {
    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () ->
                    app.createTicket.handle(
                        new CreateTicket(Principals.customer(ACME), draftFor(GLOBEX))))
            .actual();

    assertThat(notFound.reason()).isEqualTo("CUSTOMER_NOT_FOUND");
    assertThat(app.store.outbox.events()).isEmpty();
    var next = app.createTicket.handle(new CreateTicket(Principals.supportAgent(), draftFor(ACME)));
    assertThat(next.ticketNumber()).hasToString("T-2026-000001");
  }

  @Test
  void a_customer_cannot_pose_as_a_telemetry_alert() {
    var fromAlert =
        TicketDraft.of(ACME, "Too warm", "", TicketPriority.HIGH, TicketChannel.TELEMETRY_ALERT)
            .fromAlert(new AlertId("0190d7a2-0000-7000-8000-0000000000a1"));

    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(
            () -> app.createTicket.handle(new CreateTicket(Principals.customer(ACME), fromAlert)));

    assertThat(app.store.outbox.events()).isEmpty();
    var byAutomation =
        app.createTicket.handle(new CreateTicket(Principals.supportAutomation(), fromAlert));
    assertThat(byAutomation.alertId()).isEqualTo(fromAlert.alertId());
  }

  static Principal[] strangers() {
    return new Principal[] {
      Principals.billingClerk(),
      Principals.telemetryOperator(),
      Principals.device(),
      Principals.invoicingService()
    };
  }

  @ParameterizedTest
  @MethodSource("strangers")
  void principals_support_does_not_serve_cannot_open_tickets(Principal stranger) {
    var denied =
        assertThatExceptionOfType(PermissionDeniedException.class)
            .isThrownBy(() -> app.createTicket.handle(new CreateTicket(stranger, draftFor(ACME))))
            .actual();

    assertThat(denied.reason()).isEqualTo("ACTION_NOT_ALLOWED");
    assertThat(app.store.outbox.events()).isEmpty();
  }

  @Test
  void an_invalid_report_stores_nothing() {
    var blank = TicketDraft.of(ACME, "", "", TicketPriority.LOW, TicketChannel.EMAIL);

    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(
                () -> app.createTicket.handle(new CreateTicket(Principals.supportAgent(), blank)))
            .actual();

    assertThat(invalid.reason()).isEqualTo("INVALID_TICKET");
    assertThat(app.store.outbox.events()).isEmpty();
  }

  private void premiumProfileFor(dev.fieldops.support.domain.customer.CustomerId customer) {
    app.updateCustomer.handle(
        new UpdateCustomerSupportDetails(
            Principals.supportAgent(),
            customer,
            CustomerSupportDetailsValues.none().withSupportTier(SupportTier.PREMIUM),
            EnumSet.of(CustomerSupportDetailsField.SUPPORT_TIER),
            true,
            ExpectedVersion.any()));
  }
}
