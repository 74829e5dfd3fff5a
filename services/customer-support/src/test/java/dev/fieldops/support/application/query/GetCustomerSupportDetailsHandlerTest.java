package dev.fieldops.support.application.query;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.GLOBEX;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.application.command.AssignTicket;
import dev.fieldops.support.application.command.CreateTicket;
import dev.fieldops.support.application.command.ResolveTicket;
import dev.fieldops.support.application.command.UpdateCustomerSupportDetails;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsField;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsValues;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.TicketId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetCustomerSupportDetailsHandlerTest {

  private final TestApplication app = new TestApplication();

  @BeforeEach
  void acme_has_a_profile() {
    app.updateCustomer.handle(
        new UpdateCustomerSupportDetails(
            Principals.supportAgent(),
            ACME,
            CustomerSupportDetailsValues.none()
                .withContactName("Ada Lovelace")
                .withSupportTier(SupportTier.STANDARD)
                .withNotes("Prefers e-mail."),
            EnumSet.allOf(CustomerSupportDetailsField.class),
            true,
            ExpectedVersion.any()));
  }

  @Test
  void staff_see_the_profile_with_open_tickets_and_the_five_most_recent() {
    var agent = Principals.supportAgent();
    var opened = new ArrayList<TicketId>();
    for (int i = 0; i < 7; i++) {
      opened.add(app.createTicket.handle(new CreateTicket(agent, draftFor(ACME))).ticketId());
      app.clock.advance(Duration.ofMinutes(1));
    }
    app.assignTicket.handle(
        new AssignTicket(agent, opened.get(0), new Assignee("agent-ada"), ExpectedVersion.any()));
    app.resolveTicket.handle(
        new ResolveTicket(agent, opened.get(0), "Fixed.", 15, ExpectedVersion.any()));

    var view = app.getCustomer.handle(new GetCustomerSupportDetails(agent, ACME));

    assertThat(view.contactName()).isEqualTo("Ada Lovelace");
    assertThat(view.supportTier()).isEqualTo(SupportTier.STANDARD);
    assertThat(view.notes()).contains("Prefers e-mail.");
    assertThat(view.openTicketCount()).isEqualTo(6);
    assertThat(view.recentTickets())
        .extracting(TicketSummary::ticketId)
        .containsExactly(opened.get(0), opened.get(6), opened.get(5), opened.get(4), opened.get(3));
    assertThat(view.accountStanding()).isEqualTo(AccountStanding.UNKNOWN);
    assertThat(view.activeAlertCount()).isZero();
  }

  @Test
  void a_customer_sees_its_own_profile_without_the_agents_notes() {
    var view =
        app.getCustomer.handle(new GetCustomerSupportDetails(Principals.customer(ACME), ACME));

    assertThat(view.contactName()).isEqualTo("Ada Lovelace");
    assertThat(view.notes()).isEmpty();
  }

  @Test
  void another_customers_profile_is_not_found() {
    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () ->
                    app.getCustomer.handle(
                        new GetCustomerSupportDetails(Principals.customer(GLOBEX), ACME)))
            .actual();

    assertThat(notFound.reason()).isEqualTo("CUSTOMER_SUPPORT_DETAILS_NOT_FOUND");
  }

  @Test
  void a_customer_with_tickets_but_no_profile_has_no_support_details_yet() {
    app.createTicket.handle(new CreateTicket(Principals.customer(GLOBEX), draftFor(GLOBEX)));

    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () ->
                    app.getCustomer.handle(
                        new GetCustomerSupportDetails(Principals.supportAgent(), GLOBEX)))
            .actual();

    assertThat(notFound.reason()).isEqualTo("CUSTOMER_SUPPORT_DETAILS_NOT_FOUND");
  }
}
