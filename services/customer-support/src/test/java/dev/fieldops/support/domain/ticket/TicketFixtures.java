package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.Stamp;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.Actor;
import dev.fieldops.support.domain.shared.ChangeContext;
import dev.fieldops.support.domain.sla.SlaPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Tickets in the states tests talk about: {@code openTicketFor(ACME)}, {@code
 * pendingTicketFor(ACME)}. Each life story happens at fixed moments after {@link #OPENED_AT} so
 * tests can reason about SLA times; tickets come back as a repository would hand them out, with
 * their history's events already drained.
 */
public final class TicketFixtures {

  /** When fixture tickets are opened: a Monday morning, whole milliseconds (databases keep µs). */
  public static final Instant OPENED_AT = Instant.parse("2026-03-02T09:00:00Z");

  public static final Duration ASSIGNED_AFTER = Duration.ofMinutes(10);
  public static final Duration PENDING_AFTER = Duration.ofMinutes(20);
  public static final Duration RESOLVED_AFTER = Duration.ofMinutes(30);
  public static final Duration CLOSED_AFTER = Duration.ofMinutes(40);

  public static final CustomerId ACME = CustomerId.of("acme-cold-storage");
  public static final CustomerId GLOBEX = CustomerId.of("globex-labs");

  public static final Actor AGENT = Actor.staff("agent-ada");
  public static final Actor OTHER_AGENT = Actor.staff("agent-grace");
  public static final Actor SCHEDULER = Actor.system("customer-support");

  private final TicketNumberSequence numbers;
  private final Supplier<UUID> ids;
  private final SlaPolicy policy;

  public TicketFixtures(TicketNumberSequence numbers, Supplier<UUID> ids) {
    this.numbers = numbers;
    this.ids = ids;
    this.policy = SlaPolicy.defaults();
  }

  /** Fixtures with their own number counter and predictable ids, for tests without a store. */
  public static TicketFixtures tickets() {
    var counter = new AtomicLong();
    var perYear = new HashMap<Year, Long>();
    return new TicketFixtures(
        year -> new TicketNumber(year, perYear.merge(year, 1L, Long::sum)),
        () -> {
          long n = counter.incrementAndGet();
          return new UUID((n << 16) | 0x7000L, 0x8000_0000_0000_0000L | n);
        });
  }

  public static Actor customerOf(CustomerId customer) {
    return Actor.customer(customer.value());
  }

  /** A change by {@code actor} at {@code at}. */
  public ChangeContext by(Actor actor, Instant at) {
    return new ChangeContext(actor, Stamp.of(at, ids));
  }

  /** A change by the fixture agent at {@code OPENED_AT + after}. */
  public ChangeContext agentAfter(Duration after) {
    return by(AGENT, OPENED_AT.plus(after));
  }

  public SlaPolicy policy() {
    return policy;
  }

  /** A plain report: NORMAL priority, by e-mail. */
  public static TicketDraft draftFor(CustomerId customer) {
    return TicketDraft.of(
        customer,
        "Freezer 3 reads -5 °C",
        "Since this morning freezer 3 in hall B is too warm.",
        TicketPriority.NORMAL,
        TicketChannel.EMAIL);
  }

  /** Opens a ticket and keeps its {@code TicketOpened} pending, as a repository's add expects. */
  public Ticket open(TicketDraft draft, SupportTier tier, Instant at) {
    return Ticket.open(draft, tier, policy, numbers, by(AGENT, at));
  }

  /** A NEW ticket of a BASIC customer, NORMAL priority (SLA 8 h / 5 days). */
  public Ticket newTicketFor(CustomerId customer) {
    return newTicketFor(customer, SupportTier.BASIC, TicketPriority.NORMAL);
  }

  public Ticket newTicketFor(CustomerId customer, SupportTier tier, TicketPriority priority) {
    var draft = draftFor(customer);
    var ticket =
        open(
            new TicketDraft(
                customer,
                draft.subject(),
                draft.description(),
                priority,
                draft.channel(),
                draft.deviceId(),
                draft.alertId(),
                draft.tags()),
            tier,
            OPENED_AT);
    return drained(ticket);
  }

  /** Assigned to {@link #AGENT} ten minutes after opening. */
  public Ticket openTicketFor(CustomerId customer) {
    var ticket = newTicketFor(customer);
    ticket.assign(new Assignee(AGENT.subject()), agentAfter(ASSIGNED_AFTER));
    return drained(ticket);
  }

  /** Put on hold twenty minutes after opening. */
  public Ticket pendingTicketFor(CustomerId customer) {
    var ticket = openTicketFor(customer);
    ticket.markPending(agentAfter(PENDING_AFTER));
    return drained(ticket);
  }

  /** Resolved thirty minutes after opening with 45 billable minutes. */
  public Ticket resolvedTicketFor(CustomerId customer) {
    var ticket = openTicketFor(customer);
    ticket.resolve(
        new Resolution("Replaced the door seal.", 45),
        SupportTier.BASIC,
        agentAfter(RESOLVED_AFTER));
    return drained(ticket);
  }

  /** Closed forty minutes after opening. */
  public Ticket closedTicketFor(CustomerId customer) {
    var ticket = resolvedTicketFor(customer);
    ticket.close(agentAfter(CLOSED_AFTER));
    return drained(ticket);
  }

  public Ticket ticketIn(TicketStatus status, CustomerId customer) {
    return switch (status) {
      case NEW -> newTicketFor(customer);
      case OPEN -> openTicketFor(customer);
      case PENDING -> pendingTicketFor(customer);
      case RESOLVED -> resolvedTicketFor(customer);
      case CLOSED -> closedTicketFor(customer);
    };
  }

  private static Ticket drained(Ticket ticket) {
    ticket.pullEvents();
    ticket.pullAddedComments();
    return Ticket.restore(ticket.snapshot());
  }
}
