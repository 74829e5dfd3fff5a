package dev.fieldops.nats.inbox;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The producing context's catalogue of the subject each event type is published on ({@code
 * fieldops.telemetry.v1.AlertRaised} on {@code telemetry.alert.raised}), as far as a consumer's
 * subject filter reaches. Every consumer checks each received event against it before decoding, in
 * the runner, so no consumer can forget to:
 *
 * <ul>
 *   <li>a {@code ce-type} of the catalogue on another subject, or another {@code ce-type} on a
 *       subject of the catalogue, does not hold together: the event is parked ({@link
 *       ParkReason#REJECTED}) by every consumer that receives it, and none applies it. (An {@code
 *       AlertCleared} published on {@code telemetry.alert.raised} was parked by one consumer and
 *       applied as a clearance by another before this check.) The subject is what the broker's
 *       permissions vouch for; the type is only what the publisher wrote;
 *   <li>a type the catalogue does not know, on a subject it does not know, is a newer event of the
 *       producer: acknowledged and skipped without being decoded, as a decoder's {@code null} is.
 * </ul>
 *
 * A consumer of a subject tree lists every type the producer publishes there, including those it
 * does not apply (its decoder skips them), so that all consumers of a stream judge an event alike;
 * a type its decoder applies must be in the list, or it is never decoded.
 */
public final class EventSubjects {

  private static final Pattern TYPE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private final Map<String, String> subjectByType;
  private final Map<String, String> typeBySubject;

  private EventSubjects(Map<String, String> subjectByType) {
    this.subjectByType = Map.copyOf(subjectByType);
    Map<String, String> bySubject = new TreeMap<>();
    subjectByType.forEach(
        (type, subject) -> {
          if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("not a protobuf message name: '" + type + "'");
          }
          if (!SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("not a concrete NATS subject: '" + subject + "'");
          }
          String other = bySubject.putIfAbsent(subject, type);
          if (other != null) {
            throw new IllegalArgumentException(
                "subject " + subject + " is given to both " + other + " and " + type);
          }
        });
    if (bySubject.isEmpty()) {
      throw new IllegalArgumentException("a consumer receives at least one event type");
    }
    this.typeBySubject = Map.copyOf(bySubject);
  }

  /**
   * The catalogue: each event type's full protobuf name and the one subject it is published on.
   *
   * @throws IllegalArgumentException for an empty catalogue, a malformed name or subject, or two
   *     types on one subject
   */
  public static EventSubjects of(Map<String, String> subjectByType) {
    return new EventSubjects(Objects.requireNonNull(subjectByType, "subjectByType"));
  }

  /** The catalogue's subjects, for checking them against a consumer's filter. */
  public Iterable<String> subjects() {
    return typeBySubject.keySet();
  }

  /** Whether {@code type} is one of the catalogue's. */
  boolean declares(String type) {
    return subjectByType.containsKey(type);
  }

  /** Why {@code envelope}'s type and subject do not hold together; empty when they do. */
  Optional<String> mismatch(EventEnvelope envelope) {
    String expectedSubject = subjectByType.get(envelope.type());
    if (expectedSubject != null && !expectedSubject.equals(envelope.subject())) {
      return Optional.of(
          "ce-type "
              + envelope.type()
              + " is published on "
              + expectedSubject
              + ", not on "
              + envelope.subject());
    }
    String expectedType = typeBySubject.get(envelope.subject());
    if (expectedType != null && !expectedType.equals(envelope.type())) {
      return Optional.of(
          "subject "
              + envelope.subject()
              + " carries "
              + expectedType
              + ", not ce-type "
              + envelope.type());
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventSubjects that && subjectByType.equals(that.subjectByType);
  }

  @Override
  public int hashCode() {
    return subjectByType.hashCode();
  }

  @Override
  public String toString() {
    return "EventSubjects" + new TreeMap<>(subjectByType);
  }
}
