package dev.fieldops.nats;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stream a bounded context publishes its events to, as declared by the service that owns it
 * (for example {@code SUPPORT} over {@code support.>}). Always file storage with limits retention:
 * the stream is the durable log other contexts read, not a work queue.
 *
 * @param name stream name, letters, digits, {@code _} and {@code -}
 * @param subjects subjects captured by the stream
 * @param duplicateWindow how long the server remembers a {@code Nats-Msg-Id}: a relay that
 *     republishes within it (after a crash between publish and mark) is deduplicated
 * @param maxAge oldest message kept
 * @param maxBytes size limit of the stream; oldest messages go first
 * @param replicas copies in a cluster (1 on a single server)
 */
public record StreamSpec(
    String name,
    List<String> subjects,
    Duration duplicateWindow,
    Duration maxAge,
    long maxBytes,
    int replicas) {

  public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2);
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  public StreamSpec {
    Objects.requireNonNull(name, "name");
    subjects = List.copyOf(Objects.requireNonNull(subjects, "subjects"));
    Objects.requireNonNull(duplicateWindow, "duplicateWindow");
    Objects.requireNonNull(maxAge, "maxAge");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a stream name is letters, digits, '_' and '-' only: '" + name + "'");
    }
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("stream " + name + " needs at least one subject");
    }
    for (String subject : subjects) {
      if (subject.isBlank() || subject.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "stream " + name + ": invalid subject '" + subject + "'");
      }
    }
    if (duplicateWindow.isNegative() || duplicateWindow.isZero()) {
      throw new IllegalArgumentException("stream " + name + ": duplicateWindow must be positive");
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("stream " + name + ": maxAge must be positive");
    }
    if (duplicateWindow.compareTo(maxAge) > 0) {
      throw new IllegalArgumentException(
          "stream " + name + ": duplicateWindow must not exceed maxAge");
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("stream " + name + ": maxBytes must be positive");
    }
    if (replicas < 1 || replicas > 5) {
      throw new IllegalArgumentException("stream " + name + ": replicas must be 1 to 5");
    }
  }

  /**
   * A stream with the platform defaults: duplicate window 2 min, max age 7 days, max 1 GiB, one
   * replica.
   */
  public static StreamSpec of(String name, String... subjects) {
    return new StreamSpec(
        name, List.of(subjects), DEFAULT_DUPLICATE_WINDOW, DEFAULT_MAX_AGE, DEFAULT_MAX_BYTES, 1);
  }

  public StreamSpec withDuplicateWindow(Duration window) {
    return new StreamSpec(name, subjects, window, maxAge, maxBytes, replicas);
  }

  public StreamSpec withMaxAge(Duration age) {
    return new StreamSpec(name, subjects, duplicateWindow, age, maxBytes, replicas);
  }

  public StreamSpec withMaxBytes(long bytes) {
    return new StreamSpec(name, subjects, duplicateWindow, maxAge, bytes, replicas);
  }

  public StreamSpec withReplicas(int count) {
    return new StreamSpec(name, subjects, duplicateWindow, maxAge, maxBytes, count);
  }
}
