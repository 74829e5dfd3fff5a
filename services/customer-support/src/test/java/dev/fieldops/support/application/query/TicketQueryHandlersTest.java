package dev.fieldops.support.application.query;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.GLOBEX;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.application.command.AddTicketComment;
import dev.fieldops.support.application.command.CreateTicket;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.TicketComment;
import dev.fieldops.support.domain.ticket.TicketId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TicketQueryHandlersTest {

  private final TestApplication app = new TestApplication();

  private TicketId ticketFor(CustomerId customer) {
    var id =
        app.createTicket
            .handle(new CreateTicket(Principals.supportAgent(), draftFor(customer)))
            .ticketId();
    app.clock.advance(Duration.ofMinutes(1));
    return id;
  }

  @Test
  void a_customer_sees_its_own_ticket_and_another_customers_ticket_is_not_found() {
    var acmeTicket = ticketFor(ACME);

    var seen = app.getTicket.handle(new GetTicket(Principals.customer(ACME), acmeTicket));
    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () -> app.getTicket.handle(new GetTicket(Principals.customer(GLOBEX), acmeTicket)))
            .actual();

    assertThat(seen.ticketId()).isEqualTo(acmeTicket);
    assertThat(notFound.reason()).isEqualTo("TICKET_NOT_FOUND");
  }

  @Test
  void a_ticket_shows_a_late_target_as_breached_before_the_scheduler_records_it() {
    var ticket = ticketFor(ACME);
    app.clock.advance(Duration.ofHours(9)); // BASIC × NORMAL first response: 8 h

    var view = app.getTicket.handle(new GetTicket(Principals.supportAgent(), ticket));

    assertThat(view.sla().firstResponseBreached()).isTrue();
    assertThat(view.sla().resolutionBreached()).isFalse();
    assertThat(view.sla().paused()).isFalse();
  }

  @Test
  void a_customer_lists_only_its_own_tickets_whatever_it_filters_on() {
    var acmeFirst = ticketFor(ACME);
    ticketFor(GLOBEX);
    var acmeSecond = ticketFor(ACME);
    var acme = Principals.customer(ACME);

    var own =
        app.listTickets.handle(new ListTickets(acme, TicketFilter.any(), PageRequest.of(0, "")));
    var snooping =
        app.listTickets.handle(
            new ListTickets(acme, TicketFilter.any().forCustomer(GLOBEX), PageRequest.of(0, "")));

    assertThat(own.items()).extracting(TicketView::ticketId).containsExactly(acmeSecond, acmeFirst);
    assertThat(snooping.items()).isEmpty();
  }

  @Test
  void staff_page_through_every_customers_tickets() {
    var first = ticketFor(ACME);
    var second = ticketFor(GLOBEX);
    var third = ticketFor(ACME);
    var agent = Principals.supportAgent();

    var page1 =
        app.listTickets.handle(new ListTickets(agent, TicketFilter.any(), PageRequest.of(2, "")));
    var page2 =
        app.listTickets.handle(
            new ListTickets(
                agent, TicketFilter.any(), PageRequest.of(2, page1.nextCursor().orElseThrow())));

    assertThat(page1.items()).extracting(TicketView::ticketId).containsExactly(third, second);
    assertThat(page2.items()).extracting(TicketView::ticketId).containsExactly(first);
    assertThat(page2.nextCursor()).isEmpty();
  }

  @Test
  void a_customer_never_reads_internal_notes() {
    var ticket = ticketFor(ACME);
    var agent = Principals.supportAgent();
    app.addComment.handle(
        new AddTicketComment(agent, ticket, CommentVisibility.PUBLIC, "On our way."));
    app.addComment.handle(
        new AddTicketComment(agent, ticket, CommentVisibility.INTERNAL, "Bring a seal."));

    var forCustomer =
        app.listComments.handle(
            new ListTicketComments(Principals.customer(ACME), ticket, PageRequest.of(0, "")));
    var forStaff =
        app.listComments.handle(new ListTicketComments(agent, ticket, PageRequest.of(0, "")));

    assertThat(forCustomer.items()).extracting(TicketComment::body).containsExactly("On our way.");
    assertThat(forStaff.items())
        .extracting(TicketComment::body)
        .containsExactly("On our way.", "Bring a seal.");
  }

  @Test
  void another_customers_conversation_is_not_found() {
    var ticket = ticketFor(ACME);

    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () ->
                    app.listComments.handle(
                        new ListTicketComments(
                            Principals.customer(GLOBEX), ticket, PageRequest.of(0, ""))))
            .actual();

    assertThat(notFound.reason()).isEqualTo("TICKET_NOT_FOUND");
  }

  @Test
  void principals_support_does_not_serve_read_nothing() {
    var ticket = ticketFor(ACME);

    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(() -> app.getTicket.handle(new GetTicket(Principals.billingClerk(), ticket)));
    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(
            () ->
                app.listTickets.handle(
                    new ListTickets(
                        Principals.device(), TicketFilter.any(), PageRequest.of(0, ""))));
  }

  @Test
  void page_sizes_default_to_50_and_are_capped_at_500() {
    assertThat(PageRequest.of(0, "").size()).isEqualTo(50);
    assertThat(PageRequest.of(10_000, "").size()).isEqualTo(500);
    assertThat(PageRequest.of(7, "abc").afterCursor()).contains("abc");
    assertThat(
            assertThatExceptionOfType(dev.fieldops.kernel.InvalidInputException.class)
                .isThrownBy(() -> PageRequest.of(-1, ""))
                .actual()
                .reason())
        .isEqualTo("INVALID_PAGE_SIZE");
  }
}
