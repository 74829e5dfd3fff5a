package dev.fieldops.telemetry.domain.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The evaluation state of each device, shared by every process that evaluates devices: one stored
 * state per device with a version, locked by whoever evaluates the device, and written in the same
 * transaction as what the evaluation stored (readings, alert changes). A process may keep
 * evaluators in memory, but only as a cache of a version it read or wrote: the stored version tells
 * whether the cache is still current.
 */
public interface EvaluationStateStore {

  /**
   * A device's stored state.
   *
   * @param version 0 until an evaluation pass first writes the state; then one more at each write
   * @param loader the state itself, read when asked (a caller whose cached evaluator has this
   *     version never needs it): empty when there is none yet (or it was reset); with version 0, a
   *     state saved by an earlier release that may lag behind the stored readings
   * @param deviceVersion the device's current version, to check a cached device profile against
   *     ({@link #UNKNOWN} when the store does not tell)
   * @param rulesVersion the current version of the device's customer's rules, to check cached rules
   *     against ({@link #UNKNOWN} when the store does not tell)
   * @param writer who wrote the state last (the id given to {@link #saveAll}), empty when unknown
   */
  record Stored(
      long version,
      Supplier<Optional<DeviceEvaluatorSnapshot>> loader,
      long deviceVersion,
      long rulesVersion,
      Optional<UUID> writer) {
    public Stored {
      Objects.requireNonNull(loader, "loader");
      Objects.requireNonNull(writer, "writer");
      if (version < 0) {
        throw new IllegalArgumentException("version >= 0");
      }
    }

    /** A version the store does not tell. */
    public static final long UNKNOWN = -1;

    /** A state without the versions of the device and its rules. */
    public Stored(
        long version, Supplier<Optional<DeviceEvaluatorSnapshot>> loader, Optional<UUID> writer) {
      this(version, loader, UNKNOWN, UNKNOWN, writer);
    }

    /** No state at all. */
    public static final Stored NONE = new Stored(0, Optional::empty, Optional.empty());

    public Optional<DeviceEvaluatorSnapshot> snapshot() {
      return loader.get();
    }
  }

  /** A state to write, with the version it gets. */
  record Versioned(DeviceEvaluatorSnapshot snapshot, long version) {
    public Versioned {
      Objects.requireNonNull(snapshot, "snapshot");
      if (version < 1) {
        throw new IllegalArgumentException("a written state has version >= 1");
      }
    }
  }

  /**
   * Runs {@code work} in one transaction that holds the devices' state locks (taken in device id
   * order, so that two callers never deadlock), handing it each device's stored state. Whatever the
   * work writes through this store and the other stores joins that transaction; the locks are held
   * until it commits. The work may be run again if the transaction has to be retried, so it must
   * only have effects in the database.
   *
   * @throws IllegalStateException if a transaction is already open on this thread: the locks would
   *     outlive the work
   */
  <T> T withLocked(Collection<DeviceId> devices, Function<Map<DeviceId, Stored>, T> work);

  /**
   * {@link #withLocked(Collection, Function)} for a caller that caches evaluators: a device whose
   * stored version is the one {@code cached} gives (asked in each attempt of the transaction) comes
   * without its state, whose loader then must not be called; {@code cached} gives a negative number
   * for a device with no cached evaluator.
   */
  default <T> T withLocked(
      Collection<DeviceId> devices,
      ToLongFunction<DeviceId> cached,
      Function<Map<DeviceId, Stored>, T> work) {
    return withLocked(devices, work);
  }

  /**
   * Writes the given states, recording {@code writer} as their writer; only inside {@link
   * #withLocked}, for devices it locked.
   */
  void saveAll(Collection<Versioned> states, UUID writer);

  /**
   * Drops a device's state (after decommissioning), moving its version on so that no process keeps
   * using a cached evaluator, and forgets its writer; only inside {@link #withLocked}, for a device
   * it locked.
   */
  void reset(DeviceId device, long newVersion);
}
