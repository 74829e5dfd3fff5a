package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.Text;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.ChangeContext;
import dev.fieldops.support.domain.shared.InputCheck;
import dev.fieldops.support.domain.ticket.TicketEvent.Header;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketAssigned;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketClosed;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketCommentAdded;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketOpened;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketPending;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketReopened;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketResolved;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketResumed;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketSlaBreached;
import dev.fieldops.support.domain.ticket.TicketEvent.TicketUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A customer's problem, tracked from first report to closure.
 *
 * <p>Lifecycle. A ticket is <b>opened</b> as NEW with a number ({@code T-2026-000123}) that never
 * changes and an SLA clock whose targets come from the customer's tier and the priority. It becomes
 * OPEN when someone is assigned to it or when staff first reply publicly (the first response). An
 * OPEN ticket can be put on hold as PENDING while support waits on the customer; it comes back to
 * OPEN when staff resume it or when the customer replies publicly. Only an OPEN ticket can be
 * RESOLVED, with a resolution text and billable minutes: a NEW ticket has not been taken up by
 * anyone and a PENDING one is first resumed (the published state machine has no NEW → RESOLVED or
 * PENDING → RESOLVED edge, so every resolved ticket was worked as OPEN). A RESOLVED ticket is
 * either reopened (back to OPEN) or CLOSED, and a closed ticket is final: every change to it fails
 * with {@code TICKET_ALREADY_CLOSED}.
 *
 * <pre>
 *   NEW ──assign / first staff reply──▶ OPEN ──markPending──▶ PENDING
 *                                        ▲  ◀──resume / customer reply──┘
 *                                        │
 *                          reopen ┌──────┴── resolve
 *                                 │         ▼
 *                              RESOLVED ──close──▶ CLOSED
 * </pre>
 *
 * <p>Moves the current status forbids fail with a {@link RuleViolationException} whose reason names
 * the rule: {@code TICKET_ALREADY_CLOSED}, {@code TICKET_ALREADY_RESOLVED}, {@code
 * TICKET_ALREADY_PENDING}, {@code TICKET_NOT_OPEN}, {@code TICKET_NOT_PENDING}, {@code
 * TICKET_NOT_RESOLVED}. Assigning is allowed in every status but CLOSED and never changes the
 * status except NEW → OPEN. Subject, description, priority and tags can be edited until the ticket
 * is closed; comments can be added until then too (a comment on a RESOLVED ticket does not reopen
 * it).
 *
 * <p>SLA. The {@link SlaClock} is paused while PENDING and stopped while RESOLVED or CLOSED. A
 * breach is recorded by {@link #detectBreaches} (run by a scheduler) and, at the latest, by the
 * change that pauses the clock, stops it, or meets the first response, so no breach is lost between
 * two scans; each target's breach raises {@link TicketSlaBreached} once per ticket.
 *
 * <p>Concurrency. {@link #version()} counts the ticket's events: opening is version 1 and every
 * event adds one; it orders the published events. {@link #revision()} counts the changes of what a
 * person reads and acts on: subject, description, priority, tags, status, assignee, resolution and
 * billable minutes. Callers derive the etag from the revision, so a comment (a person's, or an
 * internal note of support's automation such as the device details of an alert ticket) and the SLA
 * bookkeeping (a breach recorded by the scan) never make a person's next action fail on a stale
 * etag, while any change of the ticket's own fields does — also one made by automation (an alert
 * escalation raising the priority) or by a comment that moves the status (the first staff reply
 * takes a NEW ticket to OPEN). A change that changes nothing raises no event and keeps both.
 */
public final class Ticket {

  static final int MAX_REOPEN_REASON = 1000;

  private final TicketId id;
  private final TicketNumber number;
  private final CustomerId customerId;
  private String subject;
  private String description;
  private TicketPriority priority;
  private final TicketChannel channel;
  private final Optional<DeviceId> deviceId;
  private final Optional<AlertId> alertId;
  private List<String> tags;
  private TicketStatus status;
  private Optional<Assignee> assignee;
  private final SupportTier slaTier;
  private SlaClock sla;
  private Optional<String> resolution;
  private int billableMinutes;
  private long version;
  private long revision;
  private final Instant createTime;
  private Instant updateTime;
  private Optional<Instant> resolveTime;
  private Optional<Instant> closeTime;

  private final List<TicketEvent> pendingEvents = new ArrayList<>();
  private final List<TicketComment> addedComments = new ArrayList<>();

  private Ticket(TicketSnapshot s) {
    this.id = s.id();
    this.number = s.number();
    this.customerId = s.customerId();
    this.subject = s.subject();
    this.description = s.description();
    this.priority = s.priority();
    this.channel = s.channel();
    this.deviceId = s.deviceId();
    this.alertId = s.alertId();
    this.tags = s.tags();
    this.status = s.status();
    this.assignee = s.assignee();
    this.slaTier = s.slaTier();
    this.sla = s.sla();
    this.resolution = s.resolution();
    this.billableMinutes = s.billableMinutes();
    this.version = s.version();
    this.revision = s.revision();
    this.createTime = s.createTime();
    this.updateTime = s.updateTime();
    this.resolveTime = s.resolveTime();
    this.closeTime = s.closeTime();
  }

  /**
   * Opens a ticket (status NEW) for a customer of the given tier and raises {@link TicketOpened}.
   * The draft is checked first, so an invalid one draws no ticket number.
   */
  public static Ticket open(
      TicketDraft draft,
      SupportTier customerTier,
      SlaTargetsLookup slaTargets,
      TicketNumberSequence numbers,
      ChangeContext context) {
    var check = InputCheck.of("INVALID_TICKET");
    TicketText.checkSubject(check, draft.subject());
    TicketText.checkDescription(check, draft.description());
    TicketText.checkTags(check, draft.tags());
    check.orThrow();

    Instant now = context.now();
    var ticket =
        new Ticket(
            new TicketSnapshot(
                new TicketId(context.newId()),
                TicketNumber.next(now, numbers),
                draft.customerId(),
                draft.subject(),
                draft.description(),
                draft.priority(),
                draft.channel(),
                draft.deviceId(),
                draft.alertId(),
                draft.tags(),
                TicketStatus.NEW,
                Optional.empty(),
                customerTier,
                SlaClock.start(now, slaTargets.targetsFor(customerTier, draft.priority())),
                Optional.empty(),
                0,
                1,
                1,
                now,
                now,
                Optional.empty(),
                Optional.empty()));
    // The snapshot describes the ticket as stored after opening; change() counts the opening
    // itself as event number one and revision one.
    ticket.version = 0;
    ticket.revision = 0;
    ticket.change(
        context,
        header ->
            new TicketOpened(
                header,
                ticket.subject,
                ticket.description,
                ticket.priority,
                ticket.channel,
                ticket.deviceId,
                ticket.alertId,
                ticket.tags,
                ticket.slaTier,
                ticket.sla.firstResponseDue(),
                ticket.sla.resolutionDue()));
    return ticket;
  }

  /** Rebuilds a stored ticket; it has no pending events or comments. */
  public static Ticket restore(TicketSnapshot snapshot) {
    return new Ticket(snapshot);
  }

  /** The not-found error for a ticket that does not exist or may not be seen. */
  public static NotFoundException notFound(TicketId id) {
    return NotFoundException.of("ticket", id.toString());
  }

  // ---------------------------------------------------------------- editing

  /**
   * Changes the masked descriptive fields. A priority change takes new SLA targets for the tier the
   * ticket was opened with; open targets move by the difference. Nothing changes → no event.
   */
  public void edit(TicketEdit edit, SlaTargetsLookup slaTargets, ChangeContext context) {
    refuseIfClosed();
    var check = InputCheck.of("INVALID_TICKET");
    var fields = edit.fields();
    if (fields.contains(TicketField.SUBJECT)) {
      TicketText.checkSubject(check, edit.subject());
    }
    if (fields.contains(TicketField.DESCRIPTION)) {
      TicketText.checkDescription(check, edit.description());
    }
    if (fields.contains(TicketField.PRIORITY)) {
      check.require(edit.priority().isPresent(), "priority", "one of LOW, NORMAL, HIGH, URGENT");
    }
    if (fields.contains(TicketField.TAGS)) {
      TicketText.checkTags(check, edit.tags());
    }
    check.orThrow();

    var changed = EnumSet.noneOf(TicketField.class);
    var previousPriority = priority;
    if (fields.contains(TicketField.SUBJECT) && !subject.equals(edit.subject())) {
      subject = edit.subject();
      changed.add(TicketField.SUBJECT);
    }
    if (fields.contains(TicketField.DESCRIPTION) && !description.equals(edit.description())) {
      description = edit.description();
      changed.add(TicketField.DESCRIPTION);
    }
    if (fields.contains(TicketField.PRIORITY) && priority != edit.priority().orElseThrow()) {
      priority = edit.priority().orElseThrow();
      sla = sla.retarget(slaTargets.targetsFor(slaTier, priority));
      changed.add(TicketField.PRIORITY);
    }
    if (fields.contains(TicketField.TAGS) && !tags.equals(edit.tags())) {
      tags = edit.tags();
      changed.add(TicketField.TAGS);
    }
    if (changed.isEmpty()) {
      return;
    }
    change(
        context,
        header ->
            new TicketUpdated(
                header,
                changed,
                subject,
                description,
                priority,
                previousPriority,
                tags,
                sla.firstResponseDue(),
                sla.resolutionDue()));
    // A higher priority may have moved a due time into the counted past.
    settleBreaches(context);
  }

  /**
   * Raises the priority to {@code atLeast} because the problem behind the ticket got worse (its
   * telemetry alert was escalated). Escalation only ever raises: a ticket already at {@code
   * atLeast} or above keeps what staff chose, and nothing changes. A raise is an edit of the
   * priority, with the same event ({@link TicketUpdated}) and the same new SLA targets.
   */
  public void escalate(TicketPriority atLeast, SlaTargetsLookup slaTargets, ChangeContext context) {
    refuseIfClosed();
    if (priority.compareTo(atLeast) >= 0) {
      return;
    }
    edit(TicketEdit.nothing().withPriority(atLeast), slaTargets, context);
  }

  // ---------------------------------------------------------------- transitions

  /**
   * Gives the ticket to a staff member. A NEW ticket becomes OPEN; in any other status but CLOSED
   * the status stays. Assigning the current assignee again changes nothing.
   */
  public void assign(Assignee newAssignee, ChangeContext context) {
    refuseIfClosed();
    if (status != TicketStatus.NEW && assignee.equals(Optional.of(newAssignee))) {
      return;
    }
    var previous = assignee;
    assignee = Optional.of(newAssignee);
    if (status == TicketStatus.NEW) {
      status = TicketStatus.OPEN;
    }
    change(context, header -> new TicketAssigned(header, newAssignee, previous, status));
  }

  /** OPEN → PENDING: support waits on the customer; the SLA clock pauses. */
  public void markPending(ChangeContext context) {
    refuseIfClosed();
    switch (status) {
      case OPEN -> {}
      case PENDING -> throw rule("TICKET_ALREADY_PENDING", "the ticket is already pending");
      case RESOLVED -> throw rule("TICKET_ALREADY_RESOLVED", "a resolved ticket cannot wait");
      default -> throw rule("TICKET_NOT_OPEN", "only an open ticket can be marked pending");
    }
    settleBreaches(context);
    sla = sla.pause(context.now());
    status = TicketStatus.PENDING;
    change(context, header -> new TicketPending(header, assignee));
  }

  /** PENDING → OPEN: the SLA clock runs again, due times moved later by the pause. */
  public void resume(ChangeContext context) {
    refuseIfClosed();
    if (status != TicketStatus.PENDING) {
      throw rule("TICKET_NOT_PENDING", "only a pending ticket can be resumed");
    }
    resumeFromPending(context);
  }

  private void resumeFromPending(ChangeContext context) {
    // Customers cannot resume a ticket themselves: a resume they make is always their reply.
    var cause = context.actor().isCustomer() ? ResumeCause.CUSTOMER_REPLY : ResumeCause.STAFF;
    var pausedFor =
        sla.pausedSince()
            .map(since -> Duration.between(since, context.now()))
            .filter(paused -> !paused.isNegative())
            .orElse(Duration.ZERO);
    sla = sla.run(context.now());
    status = TicketStatus.OPEN;
    change(
        context,
        header ->
            new TicketResumed(
                header, cause, pausedFor, sla.firstResponseDue(), sla.resolutionDue()));
  }

  /**
   * OPEN → RESOLVED with what fixed the problem and the billable minutes of this work; {@code
   * customerTierNow} is reported in {@link TicketResolved} to price the minutes.
   */
  public void resolve(Resolution fix, SupportTier customerTierNow, ChangeContext context) {
    refuseIfClosed();
    switch (status) {
      case OPEN -> {}
      case RESOLVED -> throw rule("TICKET_ALREADY_RESOLVED", "the ticket is already resolved");
      case PENDING ->
          throw rule("TICKET_NOT_OPEN", "a pending ticket is resumed before it is resolved");
      default -> throw rule("TICKET_NOT_OPEN", "a new ticket is taken up before it is resolved");
    }
    settleBreaches(context);
    sla = sla.stop(context.now());
    status = TicketStatus.RESOLVED;
    resolution = Optional.of(fix.text());
    billableMinutes = Math.addExact(billableMinutes, fix.billableMinutes());
    resolveTime = Optional.of(context.now());
    change(
        context,
        header ->
            new TicketResolved(
                header,
                fix.text(),
                fix.billableMinutes(),
                billableMinutes,
                customerTierNow,
                priority,
                assignee,
                deviceId,
                sla.isBreached(SlaTarget.RESOLUTION)));
  }

  /** RESOLVED → CLOSED, for good. */
  public void close(ChangeContext context) {
    refuseIfClosed();
    if (status != TicketStatus.RESOLVED) {
      throw rule("TICKET_NOT_RESOLVED", "only a resolved ticket can be closed");
    }
    status = TicketStatus.CLOSED;
    closeTime = Optional.of(context.now());
    change(context, TicketClosed::new);
  }

  /**
   * RESOLVED → OPEN: the problem is back. The SLA clock runs again (time spent resolved does not
   * count); the latest resolution text and the billable minutes so far are kept.
   */
  public void reopen(ChangeContext context) {
    reopen("", context);
  }

  /**
   * Reopens with the reason the fix did not hold ({@code ""} when none was given); the reason is
   * published with {@link TicketReopened} so that whoever resolved it learns why.
   */
  public void reopen(String reason, ChangeContext context) {
    InputCheck.of("INVALID_REOPEN_REASON")
        .require(
            Text.atMost(reason, MAX_REOPEN_REASON),
            "reason",
            "at most " + MAX_REOPEN_REASON + " characters")
        .require(InputCheck.isPrintable(reason), "reason", "printable text")
        .orThrow();
    refuseIfClosed();
    if (status != TicketStatus.RESOLVED) {
      throw rule("TICKET_NOT_RESOLVED", "only a resolved ticket can be reopened");
    }
    sla = sla.run(context.now());
    status = TicketStatus.OPEN;
    resolveTime = Optional.empty();
    change(
        context,
        header ->
            new TicketReopened(
                header, reason, assignee, sla.firstResponseDue(), sla.resolutionDue()));
  }

  // ---------------------------------------------------------------- conversation

  /**
   * Adds a comment written by the context's actor. The first public reply by staff is the first
   * response: it meets that SLA target and moves a NEW ticket to OPEN. A public reply by the
   * customer on a PENDING ticket resumes it. Replies by automation (SYSTEM) are never the first
   * response.
   *
   * @return the comment as stored
   */
  public TicketComment addComment(
      CommentVisibility visibility, String body, ChangeContext context) {
    refuseIfClosed();
    TicketComment.checkBody(body);
    var comment =
        new TicketComment(
            new CommentId(context.newId()), id, visibility, context.actor(), body, context.now());
    boolean isPublic = visibility == CommentVisibility.PUBLIC;
    boolean firstResponse =
        isPublic && context.actor().isStaff() && sla.firstResponseTime().isEmpty();
    var statusBefore = status;
    if (firstResponse) {
      settleBreaches(context);
      sla = sla.withFirstResponseAt(context.now());
      if (status == TicketStatus.NEW) {
        status = TicketStatus.OPEN;
      }
    }
    addedComments.add(comment);
    Function<Header, TicketEvent> added =
        header -> new TicketCommentAdded(header, comment, firstResponse, status);
    if (status != statusBefore) {
      change(context, added);
    } else {
      raise(context, added);
    }
    if (isPublic && context.actor().isCustomer() && status == TicketStatus.PENDING) {
      resumeFromPending(context);
    }
    return comment;
  }

  // ---------------------------------------------------------------- SLA

  /**
   * Records every SLA target that is overdue at {@code context.now()} and was not recorded before,
   * raising one {@link TicketSlaBreached} per target.
   *
   * @return the targets newly breached; empty when nothing new (also for a closed ticket)
   */
  public List<SlaTarget> detectBreaches(ChangeContext context) {
    return settleBreaches(context);
  }

  private List<SlaTarget> settleBreaches(ChangeContext context) {
    var overdue = sla.overdueAt(context.now());
    for (var target : overdue) {
      sla = sla.withBreached(List.of(target));
      Instant due = sla.dueTime(target);
      raise(
          context,
          header -> new TicketSlaBreached(header, target, due, priority, slaTier, assignee));
    }
    return overdue;
  }

  // ---------------------------------------------------------------- infrastructure hand-off

  /**
   * Hands the events raised since the last call to the caller (the repository) and forgets them.
   */
  public List<TicketEvent> pullEvents() {
    var events = List.copyOf(pendingEvents);
    pendingEvents.clear();
    return events;
  }

  /** Hands the comments added since the last call to the repository and forgets them. */
  public List<TicketComment> pullAddedComments() {
    var comments = List.copyOf(addedComments);
    addedComments.clear();
    return comments;
  }

  /** The state to store. */
  public TicketSnapshot snapshot() {
    return new TicketSnapshot(
        id,
        number,
        customerId,
        subject,
        description,
        priority,
        channel,
        deviceId,
        alertId,
        tags,
        status,
        assignee,
        slaTier,
        sla,
        resolution,
        billableMinutes,
        version,
        revision,
        createTime,
        updateTime,
        resolveTime,
        closeTime);
  }

  // ---------------------------------------------------------------- internals

  /** Raises an event that changes what a person acts on: the etag changes too. */
  private void change(ChangeContext context, Function<Header, TicketEvent> event) {
    revision++;
    raise(context, event);
  }

  /** Raises an event that leaves the ticket's own fields as they were (a comment, a breach). */
  private void raise(ChangeContext context, Function<Header, TicketEvent> event) {
    version++;
    updateTime = context.now();
    var header =
        new Header(
            context.newId(), context.now(), id, number, customerId, version, context.actor());
    pendingEvents.add(event.apply(header));
  }

  private void refuseIfClosed() {
    if (status == TicketStatus.CLOSED) {
      throw rule("TICKET_ALREADY_CLOSED", "a closed ticket cannot change");
    }
  }

  private RuleViolationException rule(String reason, String message) {
    return new RuleViolationException(
        reason, message, Map.of("ticket_id", id.toString(), "status", status.name()));
  }

  // ---------------------------------------------------------------- reading

  public TicketId id() {
    return id;
  }

  public TicketNumber number() {
    return number;
  }

  public CustomerId customerId() {
    return customerId;
  }

  public String subject() {
    return subject;
  }

  public String description() {
    return description;
  }

  public TicketPriority priority() {
    return priority;
  }

  public TicketChannel channel() {
    return channel;
  }

  public Optional<DeviceId> deviceId() {
    return deviceId;
  }

  public Optional<AlertId> alertId() {
    return alertId;
  }

  public List<String> tags() {
    return tags;
  }

  public TicketStatus status() {
    return status;
  }

  public Optional<Assignee> assignee() {
    return assignee;
  }

  /** The customer's tier when the ticket was opened: the SLA targets come from it. */
  public SupportTier slaTier() {
    return slaTier;
  }

  /** Due times, breaches and whether the clock is paused. */
  public SlaClock sla() {
    return sla;
  }

  public Optional<String> resolution() {
    return resolution;
  }

  public int billableMinutes() {
    return billableMinutes;
  }

  /** The number of events the ticket raised: orders its published events. */
  public long version() {
    return version;
  }

  /** The number of changes of the ticket's own fields: what its etag names. */
  public long revision() {
    return revision;
  }

  public Instant createTime() {
    return createTime;
  }

  public Instant updateTime() {
    return updateTime;
  }

  public Optional<Instant> resolveTime() {
    return resolveTime;
  }

  public Optional<Instant> closeTime() {
    return closeTime;
  }
}
