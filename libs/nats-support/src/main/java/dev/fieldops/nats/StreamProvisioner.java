package dev.fieldops.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.ServerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, compares and (only when an operator asks) updates a context's stream against its {@link
 * StreamSpec}. Streams are infrastructure: a running service never rewrites one.
 *
 * <ul>
 *   <li>{@link #createOrVerify} (a service in {@link StreamMode#CREATE}, at start and while it
 *       runs): creates the stream when it is missing and otherwise only compares it with the spec,
 *       changing nothing; several instances at once are harmless (the loser of a creation race
 *       finds the winner's stream);
 *   <li>{@link #compare} / {@link #verify} ({@link StreamMode#VERIFY}, {@code ./fieldops stream
 *       verify}): only read;
 *   <li>{@link #provision} ({@code ./fieldops stream <context> update}, an operator's deliberate
 *       change): creates the stream, or brings its subjects and limits in line with the spec. What
 *       cannot be changed in place (storage type, retention) is refused with a message that says
 *       so.
 * </ul>
 *
 * A stream with more replicas than the cluster has JetStream servers (or any replica beyond one on
 * a single server) cannot be created or updated: {@link ReplicasUnavailableException} says so,
 * naming {@value StreamSettings#REPLICAS_VARIABLE}.
 */
public final class StreamProvisioner {

  /** What {@link #provision} or {@link #createOrVerify} did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /**
   * What {@link #createOrVerify} found.
   *
   * @param outcome {@link Outcome#CREATED} or {@link Outcome#UNCHANGED} (the stream existed)
   * @param differences how the existing stream differs from the spec; none when just created
   */
  public record Check(Outcome outcome, StreamDifferences differences) {}

  /**
   * The stream needs more replicas than the JetStream servers that can hold them: {@value
   * StreamSettings#REPLICAS_VARIABLE} is larger than the cluster (or above 1 on a single server),
   * or too many of its servers are down to place the copies.
   */
  public static final class ReplicasUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ReplicasUnavailableException(StreamSpec spec, JetStreamApiException cause) {
      this(spec, "the server said: " + cause.getErrorDescription(), cause);
    }

    ReplicasUnavailableException(StreamSpec spec, String reason, Throwable cause) {
      super(
          "stream "
              + spec.name()
              + " cannot have "
              + spec.replicas()
              + " replicas here: "
              + StreamSettings.REPLICAS_VARIABLE
              + "="
              + spec.replicas()
              + " needs a JetStream cluster of at least "
              + spec.replicas()
              + " servers, all reachable ("
              + reason
              + ")",
          cause);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(StreamProvisioner.class);

  private final Supplier<JetStreamManagement> management;
  private final Supplier<Optional<ServerInfo>> server;

  /**
   * A provisioner over {@code management} alone: it relies on the server to refuse replicas it
   * cannot place (nats-server 2.9 accepts an update to several replicas on a single server).
   */
  public StreamProvisioner(JetStreamManagement management) {
    Objects.requireNonNull(management, "management");
    this.management = () -> management;
    this.server = Optional::empty;
  }

  /** A provisioner over {@code connection}, which need not have connected yet. */
  public StreamProvisioner(TrackedConnection connection) {
    Objects.requireNonNull(connection, "connection");
    this.management = connection::management;
    this.server = () -> Optional.ofNullable(connection.connection().getServerInfo());
  }

  /**
   * Creates or updates the stream: the operator's deliberate change ({@code ./fieldops stream
   * <context> update}), never run by a service.
   *
   * @throws IllegalStateException when the stream exists with another storage type or retention
   *     policy, which JetStream cannot change in place
   * @throws ReplicasUnavailableException when the cluster cannot hold the replicas
   */
  public Outcome provision(StreamSpec spec) throws IOException, JetStreamApiException {
    Objects.requireNonNull(spec, "spec");
    JetStreamManagement jsm = management.get();
    StreamInfo info;
    try {
      info = jsm.getStreamInfo(spec.name());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != JetStreamErrors.STREAM_NOT_FOUND) {
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
    if (current.getReplicas() != spec.replicas()) {
      requireCluster(spec);
    }
    try {
      jsm.updateStream(apply(StreamConfiguration.builder(current), spec).build());
    } catch (JetStreamApiException e) {
      throw replicasUnavailable(spec, e).orElseThrow(() -> e);
    }
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
   * @throws ReplicasUnavailableException when the cluster cannot hold the replicas
   */
  public Outcome ensureExists(StreamSpec spec) throws IOException, JetStreamApiException {
    return createOrVerify(spec).outcome();
  }

  /**
   * Creates the stream when it does not exist; otherwise compares it with {@code spec} and changes
   * nothing: what a service in {@link StreamMode#CREATE} does.
   *
   * @throws ReplicasUnavailableException when the stream is missing and the cluster cannot hold its
   *     replicas
   */
  public Check createOrVerify(StreamSpec spec) throws IOException, JetStreamApiException {
    Objects.requireNonNull(spec, "spec");
    JetStreamManagement jsm = management.get();
    StreamInfo info;
    try {
      info = jsm.getStreamInfo(spec.name());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != JetStreamErrors.STREAM_NOT_FOUND) {
        throw e;
      }
      Optional<StreamInfo> raced = create(jsm, spec);
      if (raced.isEmpty()) {
        return new Check(Outcome.CREATED, StreamDifferences.none());
      }
      info = raced.get();
    }
    return new Check(Outcome.UNCHANGED, differences(info.getConfiguration(), spec));
  }

  /**
   * Only reads the stream and says how it differs from {@code spec}: what a service in {@link
   * StreamMode#VERIFY} does, with no right to change streams.
   *
   * @throws JetStreamApiException {@link #isStreamNotFound} when the stream does not exist
   */
  public StreamDifferences compare(StreamSpec spec) throws IOException, JetStreamApiException {
    Objects.requireNonNull(spec, "spec");
    return differences(management.get().getStreamInfo(spec.name()).getConfiguration(), spec);
  }

  /**
   * Only reads the stream.
   *
   * @return what differs from {@code spec}, in words; empty when the stream matches
   * @throws JetStreamApiException {@link #isStreamNotFound} when the stream does not exist
   */
  public Optional<String> verify(StreamSpec spec) throws IOException, JetStreamApiException {
    StreamDifferences differences = compare(spec);
    return differences.matches() ? Optional.empty() : Optional.of(differences.describe());
  }

  /** How {@code c} differs from {@code spec}. */
  static StreamDifferences differences(StreamConfiguration c, StreamSpec spec) {
    List<String> unusable = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    Set<String> actual = new LinkedHashSet<>(c.getSubjects());
    Set<String> declared = new LinkedHashSet<>(spec.subjects());
    if (!actual.containsAll(declared)) {
      // Events on a missing subject would be refused (no stream) or go nowhere.
      unusable.add("subjects " + c.getSubjects() + " (expected " + spec.subjects() + ")");
    } else if (!declared.containsAll(actual)) {
      limits.add("subjects " + c.getSubjects() + " (expected " + spec.subjects() + ")");
    }
    differ(unusable, "storage", c.getStorageType(), StorageType.File);
    differ(unusable, "retention", c.getRetentionPolicy(), RetentionPolicy.Limits);
    differ(limits, "replicas", c.getReplicas(), spec.replicas());
    differ(limits, "max age", c.getMaxAge(), spec.maxAge());
    differ(limits, "max bytes", c.getMaxBytes(), spec.maxBytes());
    differ(limits, "duplicate window", c.getDuplicateWindow(), spec.duplicateWindow());
    differ(limits, "discard", c.getDiscardPolicy(), DiscardPolicy.Old);
    return new StreamDifferences(unusable, limits);
  }

  /** Whether {@code e} says the stream does not exist. */
  public static boolean isStreamNotFound(JetStreamApiException e) {
    return e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND;
  }

  private static void differ(List<String> into, String what, Object actual, Object expected) {
    if (!Objects.equals(actual, expected)) {
      into.add(what + " " + actual + " (expected " + expected + ")");
    }
  }

  /** Creates the stream; empty when created here, the stream's info when another creator won. */
  private Optional<StreamInfo> create(JetStreamManagement jsm, StreamSpec spec)
      throws IOException, JetStreamApiException {
    requireCluster(spec);
    try {
      jsm.addStream(apply(StreamConfiguration.builder(), spec).build());
      log.info("created stream {} on {}", spec.name(), spec.subjects());
      return Optional.empty();
    } catch (JetStreamApiException raced) {
      if (raced.getApiErrorCode() != JetStreamErrors.STREAM_NAME_IN_USE) {
        throw replicasUnavailable(spec, raced).orElseThrow(() -> raced);
      }
      return Optional.of(jsm.getStreamInfo(spec.name()));
    }
  }

  /**
   * Refuses several replicas on a server that is not part of a cluster: nats-server 2.9 refuses to
   * create such a stream but accepts the update of an existing one, and then claims replicas it
   * does not have.
   */
  private void requireCluster(StreamSpec spec) {
    if (spec.replicas() <= 1) {
      return;
    }
    Optional<ServerInfo> info = server.get();
    if (info.isPresent()
        && (info.get().getCluster() == null || info.get().getCluster().isEmpty())) {
      throw new ReplicasUnavailableException(
          spec, "server " + info.get().getServerName() + " is not part of a cluster", null);
    }
  }

  private static Optional<ReplicasUnavailableException> replicasUnavailable(
      StreamSpec spec, JetStreamApiException e) {
    boolean replicas =
        e.getApiErrorCode() == JetStreamErrors.REPLICAS_NOT_SUPPORTED
            || (spec.replicas() > 1
                && (e.getApiErrorCode() == JetStreamErrors.INSUFFICIENT_RESOURCES
                    || e.getApiErrorCode() == JetStreamErrors.NO_SUITABLE_PEERS));
    return replicas ? Optional.of(new ReplicasUnavailableException(spec, e)) : Optional.empty();
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
    return differences(c, s).matches();
  }
}
