package dev.fieldops.telemetry.application.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluator;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The evaluators of this process, one per device, kept in memory between batches.
 *
 * <p>{@link #withEvaluators} locks the given devices (in id order, so concurrent batches cannot
 * deadlock), makes sure each has an evaluator — restored from its checkpoint and brought up to date
 * by replaying the readings stored since, or rebuilt by replaying recent readings when there is no
 * checkpoint — and runs the work. A device's evaluator must be loaded <em>before</em> the batch's
 * own readings are stored, or the replay would already contain them; evaluation passes do so.
 *
 * <p>The registry assumes that one process evaluates a given device (route a device's ingest to one
 * instance); a second instance would keep a second, partial view.
 */
public final class EvaluatorRegistry {

  private final ConcurrentHashMap<DeviceId, Slot> slots = new ConcurrentHashMap<>();
  private final EvaluationStateStore checkpoints;
  private final ReadingStore readings;
  private final ReplayPolicy replay;

  public EvaluatorRegistry(
      EvaluationStateStore checkpoints, ReadingStore readings, ReplayPolicy replay) {
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.readings = Objects.requireNonNull(readings, "readings");
    this.replay = Objects.requireNonNull(replay, "replay");
  }

  /** The devices' evaluators while their locks are held. */
  public interface Session {

    DeviceEvaluator evaluator(DeviceId device);

    /** The state of every evaluator of the session, to roll back to. */
    Map<DeviceId, DeviceEvaluatorSnapshot> snapshot();

    /** Puts the evaluators back into a state from {@link #snapshot()}. */
    void rollBack(Map<DeviceId, DeviceEvaluatorSnapshot> snapshot);
  }

  /**
   * Runs {@code work} with the evaluators of the given devices, each locked for the duration.
   * Afterwards the devices are due for the next checkpoint.
   *
   * @param rules the rules applying to each device (used when an evaluator is rebuilt)
   * @param now server time, to place the replay window
   */
  public <T> T withEvaluators(
      Collection<DeviceProfile> devices,
      Map<DeviceId, List<AlertRule>> rules,
      Instant now,
      Function<Session, T> work) {
    var unique = new LinkedHashMap<DeviceId, DeviceProfile>();
    devices.forEach(device -> unique.putIfAbsent(device.id(), device));
    var ordered = new ArrayList<>(unique.values());
    ordered.sort(Comparator.comparing(DeviceProfile::id));
    var locked = new ArrayList<Slot>(ordered.size());
    try {
      for (DeviceProfile device : ordered) {
        var slot = slots.computeIfAbsent(device.id(), id -> new Slot());
        slot.lock.lock();
        locked.add(slot);
      }
      var session = new HashMap<DeviceId, Slot>();
      for (int i = 0; i < ordered.size(); i++) {
        session.put(ordered.get(i).id(), locked.get(i));
      }
      load(ordered, session, rules, now);
      T result =
          work.apply(
              new Session() {
                @Override
                public DeviceEvaluator evaluator(DeviceId device) {
                  var slot = session.get(device);
                  if (slot == null) {
                    throw new IllegalArgumentException(
                        "device " + device + " is not part of this session");
                  }
                  return slot.evaluator;
                }

                @Override
                public Map<DeviceId, DeviceEvaluatorSnapshot> snapshot() {
                  var snapshots = new HashMap<DeviceId, DeviceEvaluatorSnapshot>();
                  session.forEach((id, slot) -> snapshots.put(id, slot.evaluator.snapshot()));
                  return snapshots;
                }

                @Override
                public void rollBack(Map<DeviceId, DeviceEvaluatorSnapshot> snapshot) {
                  snapshot.forEach(
                      (id, state) -> session.get(id).evaluator = DeviceEvaluator.restore(state));
                }
              });
      return result;
    } finally {
      for (Slot slot : locked) {
        // Also after a failure: the work may have committed before failing (a listener), and a
        // rolled-back evaluator only costs one redundant checkpoint.
        slot.dirty = slot.evaluator != null;
        slot.lock.unlock();
      }
    }
  }

  /**
   * Snapshots of the evaluators changed since their last checkpoint, marking them clean. Hand the
   * result to {@link EvaluationStateStore#saveAll}; if that fails, pass them to {@link #markDirty}
   * so the next checkpoint retries.
   */
  public List<DeviceEvaluatorSnapshot> takeDirtySnapshots() {
    var snapshots = new ArrayList<DeviceEvaluatorSnapshot>();
    for (Slot slot : slots.values()) {
      slot.lock.lock();
      try {
        if (slot.dirty && slot.evaluator != null) {
          snapshots.add(slot.evaluator.snapshot());
          slot.dirty = false;
        }
      } finally {
        slot.lock.unlock();
      }
    }
    return snapshots;
  }

  /** Marks devices due for the next checkpoint again (after a failed save). */
  public void markDirty(Collection<DeviceId> devices) {
    for (DeviceId device : devices) {
      var slot = slots.get(device);
      if (slot != null) {
        slot.lock.lock();
        try {
          slot.dirty = slot.evaluator != null;
        } finally {
          slot.lock.unlock();
        }
      }
    }
  }

  /** Drops a device's evaluator (decommissioned); a later use would load it afresh. */
  public void forget(DeviceId device) {
    var slot = slots.get(device);
    if (slot != null) {
      slot.lock.lock();
      try {
        slot.evaluator = null;
        slot.dirty = false;
      } finally {
        slot.lock.unlock();
      }
    }
  }

  /** Whether the device's evaluator is in memory. */
  public boolean isLoaded(DeviceId device) {
    var slot = slots.get(device);
    return slot != null && slot.evaluator != null;
  }

  private void load(
      List<DeviceProfile> devices,
      Map<DeviceId, Slot> session,
      Map<DeviceId, List<AlertRule>> rules,
      Instant now) {
    var missing = devices.stream().filter(d -> session.get(d.id()).evaluator == null).toList();
    if (missing.isEmpty()) {
      return;
    }
    var ids = missing.stream().map(DeviceProfile::id).collect(Collectors.toSet());
    var stored = checkpoints.loadAll(ids);
    var watchingSince = new HashMap<DeviceId, Instant>();
    Instant from = null;
    for (DeviceProfile device : missing) {
      var checkpoint = stored.get(device.id());
      Instant replayFrom;
      if (checkpoint != null) {
        replayFrom = checkpoint.replayFrom();
      } else {
        var lookBack = now.minus(replay.lookBackFor(rules.getOrDefault(device.id(), List.of())));
        replayFrom = lookBack.isAfter(device.registerTime()) ? lookBack : device.registerTime();
        watchingSince.put(device.id(), replayFrom);
      }
      from = from == null || replayFrom.isBefore(from) ? replayFrom : from;
    }
    var earliest = now.minus(replay.maximum());
    if (from.isBefore(earliest)) {
      from = earliest;
    }
    var history = new HashMap<DeviceId, List<Reading>>();
    for (Reading reading : readings.history(ids, from)) {
      history.computeIfAbsent(reading.deviceId(), id -> new ArrayList<>()).add(reading);
    }
    for (DeviceProfile device : missing) {
      var checkpoint = stored.get(device.id());
      var evaluator =
          checkpoint != null
              ? DeviceEvaluator.restore(checkpoint)
              : DeviceEvaluator.start(device.id(), watchingSince.get(device.id()));
      evaluator.replay(
          history.getOrDefault(device.id(), List.of()),
          rules.getOrDefault(device.id(), List.of()),
          device.deadbandCelsius());
      session.get(device.id()).evaluator = evaluator;
    }
  }

  private static final class Slot {
    private final ReentrantLock lock = new ReentrantLock();
    private DeviceEvaluator evaluator;
    private boolean dirty;
  }
}
