package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.telemetry.application.feed.AlertNotice;
import dev.fieldops.telemetry.application.feed.AlertNotice.Kind;
import dev.fieldops.telemetry.application.feed.AlertNotice.Transition;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertEvent;
import dev.fieldops.telemetry.domain.alert.AlertId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The PostgreSQL notifications that tell every replica about the alert changes one of them
 * committed: sent with {@code pg_notify} in the transaction that saves the changes, so they are
 * delivered at its commit and never for a rollback. A payload is small (PostgreSQL allows under
 * 8,000 bytes): the origin replica, then per change the alert id, its version and its transitions
 * (kind letter and occur time in microseconds), e.g. {@code
 * 1|<origin>|<alert-id>,3,R:1733300000000000;E:1733300060000000}; a long batch is split over
 * several notifications. The listener reads the alerts back by id.
 */
public final class AlertChangeNotices {

  /** The notification channel. */
  static final String CHANNEL = "telemetry_alert_changes";

  private static final String LAYOUT = "1";
  private static final int MAX_PAYLOAD = 7_000;

  /** One change as told: which alert, at which version, through which transitions. */
  record Entry(AlertId alertId, long version, List<Transition> transitions) {}

  /** A decoded notification. */
  record Decoded(String origin, List<Entry> entries) {}

  private final String origin;

  /**
   * @param origin this process, so that its listener skips what it already delivered itself
   */
  AlertChangeNotices(String origin) {
    this.origin = Objects.requireNonNull(origin, "origin");
    if (origin.contains("|")) {
      throw new IllegalArgumentException("origin must not contain '|'");
    }
  }

  String origin() {
    return origin;
  }

  /** Notifies the channel, in {@code tx}, of the given changes. */
  void notify(DSLContext tx, List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    for (String payload : encode(changes)) {
      tx.select(DSL.function("pg_notify", Object.class, DSL.val(CHANNEL), DSL.val(payload)))
          .fetch();
    }
  }

  /** An alert as saved, with the events of its change. */
  record Change(AlertData alert, List<AlertEvent> events) {}

  List<String> encode(List<Change> changes) {
    var payloads = new ArrayList<String>();
    var head = LAYOUT + "|" + origin;
    var current = new StringBuilder(head);
    for (Change change : changes) {
      var entry = new StringBuilder();
      entry.append('|').append(change.alert().id().value()).append(',');
      entry.append(change.alert().version()).append(',');
      var notice = new AlertNotice(change.alert(), change.events());
      for (int i = 0; i < notice.transitions().size(); i++) {
        var transition = notice.transitions().get(i);
        if (i > 0) {
          entry.append(';');
        }
        entry.append(transition.kind().name().charAt(0)).append(':');
        entry.append(ChronoUnit.MICROS.between(Instant.EPOCH, transition.occurTime()));
      }
      if (current.length() > head.length() && current.length() + entry.length() > MAX_PAYLOAD) {
        payloads.add(current.toString());
        current = new StringBuilder(head);
      }
      current.append(entry);
    }
    payloads.add(current.toString());
    return payloads;
  }

  /** The notification, or null when it has another layout. */
  static Decoded decode(String payload) {
    var parts = payload.split("\\|", -1);
    if (parts.length < 2 || !parts[0].equals(LAYOUT)) {
      return null;
    }
    var entries = new ArrayList<Entry>();
    for (int i = 2; i < parts.length; i++) {
      var fields = parts[i].split(",", -1);
      var transitions = new ArrayList<Transition>();
      if (!fields[2].isEmpty()) {
        for (String transition : fields[2].split(";")) {
          var kind = kind(transition.charAt(0));
          long micros = Long.parseLong(transition.substring(2));
          transitions.add(new Transition(kind, Instant.EPOCH.plus(micros, ChronoUnit.MICROS)));
        }
      }
      entries.add(
          new Entry(
              new AlertId(UUID.fromString(fields[0])), Long.parseLong(fields[1]), transitions));
    }
    return new Decoded(parts[1], entries);
  }

  private static Kind kind(char letter) {
    for (Kind kind : Kind.values()) {
      if (kind.name().charAt(0) == letter) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown transition " + letter);
  }
}
