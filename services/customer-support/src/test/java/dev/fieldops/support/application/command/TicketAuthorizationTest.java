package dev.fieldops.support.application.command;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.GLOBEX;
import static dev.fieldops.support.domain.ticket.TicketFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.Assignee;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.TicketEdit;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Object-level rules of the ticket commands: a customer acts only on its own tickets, and even
 * there only comments publicly; another customer's ticket does not exist for it; principals support
 * does not serve are turned away. A refused command changes nothing and emits nothing.
 */
class TicketAuthorizationTest {

  private final TestApplication app = new TestApplication();
  private TicketId acmeTicket;
  private int eventsBefore;
  private final ExpectedVersion anyVersion = ExpectedVersion.any();

  /** A command on a ticket by a principal. */
  private record Command(String name, BiConsumer<TestApplication, Object[]> run) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Command command(String name, BiConsumer<TestApplication, Object[]> run) {
    return new Command(name, run);
  }

  static List<Command> staffOnlyCommands() {
    var none = ExpectedVersion.any();
    return List.of(
        command(
            "UpdateTicket",
            (app, a) ->
                app.updateTicket.handle(
                    new UpdateTicket(
                        p(a), id(a), TicketEdit.nothing().withSubject("Mine now"), none))),
        command(
            "AssignTicket",
            (app, a) ->
                app.assignTicket.handle(
                    new AssignTicket(p(a), id(a), new Assignee("agent-ada"), none))),
        command(
            "MarkTicketPending",
            (app, a) -> app.markPending.handle(new MarkTicketPending(p(a), id(a), none))),
        command(
            "ResumeTicket",
            (app, a) -> app.resumeTicket.handle(new ResumeTicket(p(a), id(a), none))),
        command(
            "ResolveTicket",
            (app, a) -> app.resolveTicket.handle(new ResolveTicket(p(a), id(a), "Done.", 0, none))),
        command(
            "CloseTicket", (app, a) -> app.closeTicket.handle(new CloseTicket(p(a), id(a), none))),
        command(
            "ReopenTicket",
            (app, a) -> app.reopenTicket.handle(new ReopenTicket(p(a), id(a), none))),
        command(
            "AddTicketComment (internal note)",
            (app, a) ->
                app.addComment.handle(
                    new AddTicketComment(p(a), id(a), CommentVisibility.INTERNAL, "Psst."))));
  }

  static List<Command> everyCommandOnATicket() {
    var all = new java.util.ArrayList<>(staffOnlyCommands());
    all.add(
        command(
            "AddTicketComment (public reply)",
            (app, a) ->
                app.addComment.handle(
                    new AddTicketComment(p(a), id(a), CommentVisibility.PUBLIC, "Hello."))));
    return all;
  }

  static Stream<Arguments> strangersTimesCommands() {
    return Stream.of(
            Principals.billingClerk(),
            Principals.telemetryOperator(),
            Principals.device(),
            Principals.invoicingService())
        .flatMap(stranger -> everyCommandOnATicket().stream().map(c -> Arguments.of(stranger, c)));
  }

  private static Principal p(Object[] args) {
    return (Principal) args[0];
  }

  private static TicketId id(Object[] args) {
    return (TicketId) args[1];
  }

  @BeforeEach
  void acme_has_an_open_ticket() {
    acmeTicket =
        app.createTicket
            .handle(new CreateTicket(Principals.supportAgent(), draftFor(ACME)))
            .ticketId();
    app.assignTicket.handle(
        new AssignTicket(
            Principals.supportAgent(), acmeTicket, new Assignee("agent-ada"), anyVersion));
    eventsBefore = app.store.outbox.events().size();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("staffOnlyCommands")
  void a_customer_may_not_do_this_even_to_its_own_ticket(Command command) {
    var denied =
        assertThatExceptionOfType(PermissionDeniedException.class)
            .isThrownBy(
                () ->
                    command.run().accept(app, new Object[] {Principals.customer(ACME), acmeTicket}))
            .actual();

    assertThat(denied.reason()).isEqualTo("ACTION_NOT_ALLOWED");
    assertThat(denied.metadata()).containsEntry("principal_kind", "customer");
    assertNothingChanged();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCommandOnATicket")
  void another_customers_ticket_is_not_found_and_stays_untouched(Command command) {
    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () ->
                    command
                        .run()
                        .accept(app, new Object[] {Principals.customer(GLOBEX), acmeTicket}))
            .actual();

    assertThat(notFound.reason()).isEqualTo("TICKET_NOT_FOUND");
    assertNothingChanged();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("strangersTimesCommands")
  void principals_support_does_not_serve_are_denied(Principal stranger, Command command) {
    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(() -> command.run().accept(app, new Object[] {stranger, acmeTicket}));

    assertNothingChanged();
  }

  @Test
  void a_customer_replies_publicly_on_its_own_ticket() {
    var comment =
        app.addComment.handle(
            new AddTicketComment(
                Principals.customer(ACME), acmeTicket, CommentVisibility.PUBLIC, "Still warm."));

    assertThat(comment.author().isCustomer()).isTrue();
    assertThat(app.store.outbox.events()).hasSize(eventsBefore + 1);
  }

  @Test
  void support_agents_and_admins_work_every_customers_tickets() {
    app.markPending.handle(
        new MarkTicketPending(Principals.supportAgent(), acmeTicket, anyVersion));
    app.resumeTicket.handle(new ResumeTicket(Principals.admin(), acmeTicket, anyVersion));

    assertThat(
            app.store.tickets.find(acmeTicket, CustomerScope.unrestricted()).orElseThrow().status())
        .isEqualTo(TicketStatus.OPEN);
    assertThat(app.store.outbox.events()).hasSize(eventsBefore + 2);
  }

  private void assertNothingChanged() {
    var ticket = app.store.tickets.find(acmeTicket, CustomerScope.unrestricted()).orElseThrow();
    assertThat(ticket.status()).isEqualTo(TicketStatus.OPEN);
    assertThat(ticket.version()).isEqualTo(2);
    assertThat(app.store.outbox.events()).hasSize(eventsBefore);
  }
}
