package dev.fieldops.support.domain.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SLA clock of one ticket: when the first response and the resolution are due, whether they
 * were breached, and whether the clock is counting.
 *
 * <p>The clock starts when the ticket is opened, with due times = open time + targets. It is
 * <em>paused</em> while the ticket is PENDING (waiting on the customer) and <em>stopped</em> while
 * it is RESOLVED or CLOSED; either way no time counts, and when it runs again (resume, reopen)
 * every target that is still open moves later by the time it did not count. The first response is a
 * target of its own: once given, that target is met and its due time is frozen. A target is
 * <em>breached</em> when the counted time passes its due time before the target is met; a breach is
 * recorded once and stays recorded, even if a later priority change would have allowed more time.
 *
 * <p>Immutable: every change returns a new clock. Time always comes in as an argument.
 */
public record SlaClock(
    SlaTargets targets,
    Instant firstResponseDue,
    Instant resolutionDue,
    Optional<Instant> firstResponseTime,
    Optional<Instant> pausedSince,
    Optional<Instant> stoppedSince,
    Set<SlaTarget> breached) {

  public SlaClock {
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(firstResponseDue, "firstResponseDue");
    Objects.requireNonNull(resolutionDue, "resolutionDue");
    Objects.requireNonNull(firstResponseTime, "firstResponseTime");
    Objects.requireNonNull(pausedSince, "pausedSince");
    Objects.requireNonNull(stoppedSince, "stoppedSince");
    breached = breached.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(breached));
    if (pausedSince.isPresent() && stoppedSince.isPresent()) {
      throw new IllegalArgumentException("a clock is either paused or stopped, not both");
    }
  }

  /** A running clock for a ticket opened at {@code openTime}. */
  public static SlaClock start(Instant openTime, SlaTargets targets) {
    return new SlaClock(
        targets,
        openTime.plus(targets.firstResponse()),
        openTime.plus(targets.resolution()),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Set.of());
  }

  /** Counting time: the ticket is NEW or OPEN. */
  public boolean isRunning() {
    return pausedSince.isEmpty() && stoppedSince.isEmpty();
  }

  /** Paused because the ticket waits on the customer (PENDING). */
  public boolean isPaused() {
    return pausedSince.isPresent();
  }

  /** Stopped because the ticket is RESOLVED or CLOSED. */
  public boolean isStopped() {
    return stoppedSince.isPresent();
  }

  public Instant dueTime(SlaTarget target) {
    return switch (target) {
      case FIRST_RESPONSE -> firstResponseDue;
      case RESOLUTION -> resolutionDue;
    };
  }

  /** Whether the target was met: the first response given, or the ticket resolved. */
  public boolean isMet(SlaTarget target) {
    return switch (target) {
      case FIRST_RESPONSE -> firstResponseTime.isPresent();
      case RESOLUTION -> isStopped();
    };
  }

  /** Whether a breach of the target has been recorded. */
  public boolean isBreached(SlaTarget target) {
    return breached.contains(target);
  }

  /**
   * Whether the target is breached as seen at {@code now}: recorded, or overdue now but not yet
   * recorded by a breach scan. This is what readers are shown.
   */
  public boolean isBreachedAt(SlaTarget target, Instant now) {
    return isBreached(target) || isOverdue(target, now);
  }

  /**
   * The targets that are overdue at {@code now} and not yet recorded as breached, in the order
   * first response, resolution. A halted clock is judged at the moment it halted.
   */
  public List<SlaTarget> overdueAt(Instant now) {
    var overdue = new ArrayList<SlaTarget>(2);
    for (var target : SlaTarget.values()) {
      if (!isBreached(target) && isOverdue(target, now)) {
        overdue.add(target);
      }
    }
    return overdue;
  }

  private boolean isOverdue(SlaTarget target, Instant now) {
    if (isMet(target)) {
      return false;
    }
    Instant counted = pausedSince.or(() -> stoppedSince).orElse(now);
    return counted.isAfter(dueTime(target));
  }

  /** Records breaches of the given targets. */
  public SlaClock withBreached(Collection<SlaTarget> targetsBreached) {
    var all = EnumSet.noneOf(SlaTarget.class);
    all.addAll(breached);
    all.addAll(targetsBreached);
    return new SlaClock(
        targets,
        firstResponseDue,
        resolutionDue,
        firstResponseTime,
        pausedSince,
        stoppedSince,
        all);
  }

  /** The first public staff reply came at {@code at}; later replies do not change it. */
  public SlaClock withFirstResponseAt(Instant at) {
    if (firstResponseTime.isPresent()) {
      return this;
    }
    return new SlaClock(
        targets,
        firstResponseDue,
        resolutionDue,
        Optional.of(at),
        pausedSince,
        stoppedSince,
        breached);
  }

  /** Pauses a running clock (the ticket became PENDING). */
  public SlaClock pause(Instant at) {
    requireRunning("pause");
    return new SlaClock(
        targets,
        firstResponseDue,
        resolutionDue,
        firstResponseTime,
        Optional.of(at),
        Optional.empty(),
        breached);
  }

  /**
   * Stops the clock (the ticket was resolved); a paused clock counts as stopped since it paused.
   */
  public SlaClock stop(Instant at) {
    if (isStopped()) {
      throw new IllegalStateException("the SLA clock is already stopped");
    }
    return new SlaClock(
        targets,
        firstResponseDue,
        resolutionDue,
        firstResponseTime,
        Optional.empty(),
        Optional.of(pausedSince.orElse(at)),
        breached);
  }

  /**
   * Runs a halted clock again at {@code at} (resume from PENDING, reopen from RESOLVED): open
   * targets move later by the time the clock was halted.
   */
  public SlaClock run(Instant at) {
    Instant haltedSince =
        pausedSince
            .or(() -> stoppedSince)
            .orElseThrow(() -> new IllegalStateException("the SLA clock is already running"));
    Duration halted = Duration.between(haltedSince, at);
    if (halted.isNegative()) {
      // Clocks of two instances may disagree slightly; time never runs backwards for a ticket.
      halted = Duration.ZERO;
    }
    // While stopped the resolution target counted as met; running again makes it open once more.
    var runningAgain =
        new SlaClock(
            targets,
            firstResponseDue,
            resolutionDue,
            firstResponseTime,
            Optional.empty(),
            Optional.empty(),
            breached);
    return runningAgain.shiftOpenTargets(halted);
  }

  private SlaClock shiftOpenTargets(Duration by) {
    return new SlaClock(
        targets,
        isOpen(SlaTarget.FIRST_RESPONSE) ? firstResponseDue.plus(by) : firstResponseDue,
        isOpen(SlaTarget.RESOLUTION) ? resolutionDue.plus(by) : resolutionDue,
        firstResponseTime,
        pausedSince,
        stoppedSince,
        breached);
  }

  /** Neither met nor breached: its due time still matters. */
  private boolean isOpen(SlaTarget target) {
    return !isMet(target) && !isBreached(target);
  }

  /**
   * New targets (the priority changed): each open target's due time moves by the difference between
   * the new and the old target. Met and breached targets keep their due times.
   */
  public SlaClock retarget(SlaTargets newTargets) {
    return new SlaClock(
        newTargets,
        isOpen(SlaTarget.FIRST_RESPONSE)
            ? firstResponseDue.plus(newTargets.firstResponse().minus(targets.firstResponse()))
            : firstResponseDue,
        isOpen(SlaTarget.RESOLUTION)
            ? resolutionDue.plus(newTargets.resolution().minus(targets.resolution()))
            : resolutionDue,
        firstResponseTime,
        pausedSince,
        stoppedSince,
        breached);
  }

  private void requireRunning(String action) {
    if (!isRunning()) {
      throw new IllegalStateException("cannot " + action + " an SLA clock that is not running");
    }
  }
}
