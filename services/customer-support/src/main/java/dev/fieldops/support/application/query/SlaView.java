package dev.fieldops.support.application.query;

import dev.fieldops.support.domain.ticket.SlaClock;
import dev.fieldops.support.domain.ticket.SlaTarget;
import java.time.Instant;
import java.util.Optional;

/**
 * A ticket's SLA as a reader sees it at a given moment: a target counts as breached once recorded
 * or as soon as it is overdue, even before the scheduler records it. {@code paused} is true only
 * while the ticket is PENDING (a RESOLVED or CLOSED ticket's clock is stopped, not paused).
 */
public record SlaView(
    Instant firstResponseDue,
    Instant resolutionDue,
    Optional<Instant> firstResponseTime,
    boolean firstResponseBreached,
    boolean resolutionBreached,
    boolean paused) {

  public static SlaView of(SlaClock clock, Instant now) {
    return new SlaView(
        clock.firstResponseDue(),
        clock.resolutionDue(),
        clock.firstResponseTime(),
        clock.isBreachedAt(SlaTarget.FIRST_RESPONSE, now),
        clock.isBreachedAt(SlaTarget.RESOLUTION, now),
        clock.isPaused());
  }
}
