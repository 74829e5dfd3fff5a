package dev.fieldops.telemetry.application.feed;

import dev.fieldops.telemetry.domain.alert.AlertAcknowledged;
import dev.fieldops.telemetry.domain.alert.AlertCleared;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertEscalated;
import dev.fieldops.telemetry.domain.alert.AlertEvent;
import dev.fieldops.telemetry.domain.alert.AlertRaised;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One committed change of one alert: the alert as saved, and the transitions that led there (in
 * order; empty for a silent update such as a new peak value).
 *
 * @param events the domain events of the change, when it was committed in this process; empty for a
 *     change another replica committed (told through the database), which carries only its {@code
 *     transitions}
 * @param transitions what each event was and when it occurred: what a watcher is sent
 */
public record AlertNotice(AlertData alert, List<AlertEvent> events, List<Transition> transitions) {

  /** The kinds of transition a watcher sees. */
  public enum Kind {
    RAISED,
    ESCALATED,
    ACKNOWLEDGED,
    CLEARED
  }

  /** One transition of the alert. */
  public record Transition(Kind kind, Instant occurTime) {
    public Transition {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(occurTime, "occurTime");
    }

    static Transition of(AlertEvent event) {
      var kind =
          switch (event) {
            case AlertRaised raised -> Kind.RAISED;
            case AlertEscalated escalated -> Kind.ESCALATED;
            case AlertAcknowledged acknowledged -> Kind.ACKNOWLEDGED;
            case AlertCleared cleared -> Kind.CLEARED;
          };
      return new Transition(kind, event.occurTime());
    }
  }

  public AlertNotice {
    Objects.requireNonNull(alert, "alert");
    events = List.copyOf(events);
    transitions = List.copyOf(transitions);
  }

  /** A change committed in this process, with its events. */
  public AlertNotice(AlertData alert, List<AlertEvent> events) {
    this(alert, events, events.stream().map(Transition::of).toList());
  }

  /** A change another replica committed: the alert as read back, and its transitions. */
  public static AlertNotice fromElsewhere(AlertData alert, List<Transition> transitions) {
    return new AlertNotice(alert, List.of(), transitions);
  }

  /** Whether the change was only a silent update (new last or peak value). */
  public boolean isSilentUpdate() {
    return transitions.isEmpty();
  }
}
