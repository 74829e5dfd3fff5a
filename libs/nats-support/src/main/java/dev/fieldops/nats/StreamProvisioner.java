package dev.fieldops.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a stream match its {@link StreamSpec}: {@link #provision} (once per process start) creates
 * it when missing, updates the limits and subjects when they drifted, and leaves it alone when they
 * match, so running it on every start (several instances at once, too) is harmless; {@link
 * #ensureExists} (while the service runs) only re-creates a stream that is gone. What cannot be
 * changed in place (storage type) is refused with a message that says so, rather than silently
 * keeping a stream that is not what the code declares. {@link StreamKeeper} runs both.
 */
public final class StreamProvisioner {

  /** What {@link #provision} did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  private static final Logger log = LoggerFactory.getLogger(StreamProvisioner.class);
  // JetStream API error code "stream not found".
  private static final int STREAM_NOT_FOUND = 10059;
  // JetStream API error code "stream name already in use" (another instance created it first).
  private static final int STREAM_NAME_IN_USE = 10058;

  private final Supplier<JetStreamManagement> management;

  public StreamProvisioner(JetStreamManagement management) {
    Objects.requireNonNull(management, "management");
    this.management = () -> management;
  }

  /** A provisioner over {@code connection}, which need not have connected yet. */
  public StreamProvisioner(TrackedConnection connection) {
    Objects.requireNonNull(connection, "connection");
    this.management = connection::management;
  }

  /**
   * Creates or updates the stream.
   *
   * @throws IllegalStateException when the stream exists with another storage type or retention
   *     policy, which JetStream cannot change in place
   */
  public Outcome provision(StreamSpec spec) throws IOException, JetStreamApiException {
    Objects.requireNonNull(spec, "spec");
    JetStreamManagement jsm = management.get();
    StreamInfo info;
    try {
      info = jsm.getStreamInfo(spec.name());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
      Optional<StreamInfo> raced = create(jsm, spec);
      if (raced.isEmpty()) {
        return Outcome.CREATED;
      }
      info = raced.get();
    }
    StreamConfiguration current = info.getConfiguration();
    if (current.getStorageType() != StorageType.File
        || current.getRetentionPolicy() != RetentionPolicy.Limits) {
      throw new IllegalStateException(
          "stream "
              + spec.name()
              + " exists with "
              + current.getStorageType()
              + " storage and "
              + current.getRetentionPolicy()
              + " retention; it must be File/Limits, which"
              + " cannot be changed in place: delete the stream (or migrate its data) and restart");
    }
    if (matches(current, spec)) {
      return Outcome.UNCHANGED;
    }
    jsm.updateStream(apply(StreamConfiguration.builder(current), spec).build());
    log.info("updated stream {} to {}", spec.name(), spec);
    return Outcome.UPDATED;
  }

  /**
   * Creates the stream when it does not exist and otherwise leaves it alone, whatever its
   * configuration: what a running service does when it finds its stream gone (the broker lost its
   * data, or somebody deleted the stream), without rewriting a stream an operator changed since the
   * start.
   *
   * @return {@link Outcome#CREATED} or {@link Outcome#UNCHANGED}
   */
  public Outcome ensureExists(StreamSpec spec) throws IOException, JetStreamApiException {
    Objects.requireNonNull(spec, "spec");
    JetStreamManagement jsm = management.get();
    try {
      jsm.getStreamInfo(spec.name());
      return Outcome.UNCHANGED;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
    }
    return create(jsm, spec).isEmpty() ? Outcome.CREATED : Outcome.UNCHANGED;
  }

  /**
   * Only reads the stream: what a service in {@link StreamMode#VERIFY} does, with no right to
   * change streams.
   *
   * @return what differs from {@code spec}, in words; empty when the stream matches
   * @throws JetStreamApiException {@link #isStreamNotFound} when the stream does not exist
   */
  public Optional<String> verify(StreamSpec spec) throws IOException, JetStreamApiException {
    Objects.requireNonNull(spec, "spec");
    StreamConfiguration c = management.get().getStreamInfo(spec.name()).getConfiguration();
    List<String> differences = new ArrayList<>();
    differ(differences, "subjects", new HashSet<>(c.getSubjects()), new HashSet<>(spec.subjects()));
    differ(differences, "storage", c.getStorageType(), StorageType.File);
    differ(differences, "retention", c.getRetentionPolicy(), RetentionPolicy.Limits);
    differ(differences, "discard", c.getDiscardPolicy(), DiscardPolicy.Old);
    differ(differences, "duplicate window", c.getDuplicateWindow(), spec.duplicateWindow());
    differ(differences, "max age", c.getMaxAge(), spec.maxAge());
    differ(differences, "max bytes", c.getMaxBytes(), spec.maxBytes());
    differ(differences, "replicas", c.getReplicas(), spec.replicas());
    return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
  }

  /** Whether {@code e} says the stream does not exist. */
  public static boolean isStreamNotFound(JetStreamApiException e) {
    return e.getApiErrorCode() == STREAM_NOT_FOUND;
  }

  private static void differ(List<String> into, String what, Object actual, Object expected) {
    if (!Objects.equals(actual, expected)) {
      into.add(what + " " + actual + " (expected " + expected + ")");
    }
  }

  /** Creates the stream; empty when created here, the stream's info when another creator won. */
  private static Optional<StreamInfo> create(JetStreamManagement jsm, StreamSpec spec)
      throws IOException, JetStreamApiException {
    try {
      jsm.addStream(apply(StreamConfiguration.builder(), spec).build());
      log.info("created stream {} on {}", spec.name(), spec.subjects());
      return Optional.empty();
    } catch (JetStreamApiException raced) {
      if (raced.getApiErrorCode() != STREAM_NAME_IN_USE) {
        throw raced;
      }
      return Optional.of(jsm.getStreamInfo(spec.name()));
    }
  }

  private static StreamConfiguration.Builder apply(StreamConfiguration.Builder b, StreamSpec s) {
    return b.name(s.name())
        .subjects(s.subjects())
        .storageType(StorageType.File)
        .retentionPolicy(RetentionPolicy.Limits)
        .discardPolicy(DiscardPolicy.Old)
        .duplicateWindow(s.duplicateWindow())
        .maxAge(s.maxAge())
        .maxBytes(s.maxBytes())
        .replicas(s.replicas());
  }

  private static boolean matches(StreamConfiguration c, StreamSpec s) {
    return new HashSet<>(c.getSubjects()).equals(new HashSet<>(s.subjects()))
        && c.getDiscardPolicy() == DiscardPolicy.Old
        && Objects.equals(c.getDuplicateWindow(), s.duplicateWindow())
        && Objects.equals(c.getMaxAge(), s.maxAge())
        && c.getMaxBytes() == s.maxBytes()
        && c.getReplicas() == s.replicas();
  }
}
