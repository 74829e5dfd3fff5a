package dev.fieldops.telemetry.application.evaluation;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluator;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore.Stored;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore.Versioned;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The devices' evaluators, whose state lives in the {@link EvaluationStateStore} shared by every
 * replica of the service; this process keeps them in memory only as a cache.
 *
 * <p>{@link #withEvaluators} runs one evaluation pass over some devices, in one transaction of the
 * store that holds the devices' state locks: whichever replica evaluates a device holds its lock,
 * so two never evaluate one device at once, and each starts from the state the previous pass
 * committed. For each device, the evaluator cached here is used if it has the stored version (this
 * process wrote or read that version last; the store then does not even read the stored state);
 * otherwise the stored state is restored. The pass's new states are written with version + 1 in the
 * same transaction as its readings and alert changes, only for devices whose state changed, and the
 * cache takes them once the transaction has committed. A pass that fails leaves the cache without
 * those devices: they are loaded again next time.
 *
 * <p>Progress alone is not written by the process that wrote the state last. A device's progress is
 * how far it has been read (the last evaluated observe time per metric, a NO_DATA rule's last seen
 * time); every reading moves it, while breaches, windows and reported temperatures change rarely.
 * Each stored state names its writer (an id per process start, from the injected id source). A pass
 * whose only change to a device is progress leaves the row as it was when the row's writer is this
 * process: its cached evaluator, at the row's version, is then the true state, because a pass in
 * any other process would have written the row under its own id. Any other pass (a cache at another
 * version, a restored state, a row another process wrote) first asks the readings for what passes
 * that wrote nothing evaluated, the latest stored observe time per device and metric after the
 * evaluator's own, {@link DeviceEvaluator#catchUp catches up} to it, and writes the state under
 * this process's id when the row names another. Once a device's progress runs {@link
 * #PROGRESS_CHECKPOINT} ahead of its row, the state is written anyway, which keeps that question to
 * the newest readings.
 *
 * <p>A device with no stored state yet is rebuilt by replaying its recent readings ({@link
 * ReplayPolicy}), and a state saved by an earlier release (version 0, a checkpoint that may lag
 * behind) is brought up to date by replaying the readings stored after it; either is written at the
 * end of the pass. The evaluator is therefore loaded <em>before</em> the batch's own readings are
 * stored, or the replay would already contain them; evaluation passes do so.
 *
 * <p>Within this process, a per-device lock (taken in id order, before any database lock) keeps two
 * threads from sharing one cached evaluator.
 */
public final class EvaluatorRegistry {

  /**
   * How far (in observe time) a device's progress may run ahead of its stored state before a pass
   * writes the state although nothing else changed.
   */
  public static final Duration PROGRESS_CHECKPOINT = Duration.ofMinutes(1);

  private final ConcurrentHashMap<DeviceId, Slot> slots = new ConcurrentHashMap<>();
  // This process among the writers of the stored states.
  private final UUID self;
  private final EvaluationStateStore states;
  private final ReadingStore readings;
  private final ReplayPolicy replay;

  /**
   * @param self this process's id as a writer of stored states: unique to each process (start)
   */
  public EvaluatorRegistry(
      EvaluationStateStore states, ReadingStore readings, ReplayPolicy replay, UUID self) {
    this.states = Objects.requireNonNull(states, "states");
    this.readings = Objects.requireNonNull(readings, "readings");
    this.replay = Objects.requireNonNull(replay, "replay");
    this.self = Objects.requireNonNull(self, "self");
  }

  /** The devices' evaluators while their locks are held, inside the pass's transaction. */
  public interface Session {

    DeviceEvaluator evaluator(DeviceId device);

    /**
     * Puts every evaluator back into the state the session loaded, undoing an attempt that did not
     * commit: the state every attempt starts from.
     */
    void rollBack();

    /**
     * Drops the device's state (decommissioned): nothing is written for it at the end of the pass
     * but the reset, and no process keeps its evaluator.
     */
    void reset(DeviceId device);
  }

  /**
   * Runs {@code work} with the evaluators of the given devices, locked here and in the store, in
   * the store's transaction; returns once it has committed.
   *
   * @param rules the rules applying to each device (used when an evaluator is rebuilt)
   * @param now server time, to place the replay window
   */
  public <T> T withEvaluators(
      Collection<DeviceProfile> devices,
      Map<DeviceId, List<AlertRule>> rules,
      Instant now,
      Function<Session, T> work) {
    return withEvaluators(devices, rules, now, stored -> {}, work);
  }

  /**
   * {@link #withEvaluators(Collection, Map, Instant, Function)}, first handing {@code check} the
   * devices' stored versions once they are locked (before anything is loaded): a check that throws
   * ends the pass with nothing done.
   */
  public <T> T withEvaluators(
      Collection<DeviceProfile> devices,
      Map<DeviceId, List<AlertRule>> rules,
      Instant now,
      Consumer<Map<DeviceId, Stored>> check,
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
      var slotOf = new HashMap<DeviceId, Slot>();
      for (int i = 0; i < ordered.size(); i++) {
        slotOf.put(ordered.get(i).id(), locked.get(i));
      }
      var committed =
          states.withLocked(
              unique.keySet(),
              // Asked with the slots locked: their evaluators cannot change meanwhile.
              id -> {
                var slot = slotOf.get(id);
                return slot.evaluator != null && slot.version > 0 ? slot.version : -1;
              },
              stored -> {
                check.accept(stored);
                var pass = new Pass(slotOf);
                pass.load(ordered, stored, rules, now);
                T result = work.apply(pass);
                pass.save();
                return new Committed<>(result, pass);
              });
      committed.pass.publish();
      return committed.result;
    } finally {
      for (Slot slot : locked) {
        slot.lock.unlock();
      }
    }
  }

  /**
   * Runs {@code work} in a transaction of the store holding the devices' state locks, without
   * loading or changing their evaluators: for work that must not interleave with their evaluation
   * (clearing alerts after a rule change).
   */
  public <T> T withDevicesLocked(
      Collection<DeviceId> devices, java.util.function.Supplier<T> work) {
    return states.withLocked(devices, stored -> work.get());
  }

  private record Committed<T>(T result, Pass pass) {}

  /** One attempt of a pass: the evaluators taken out of the cache, put back once committed. */
  private final class Pass implements Session {
    private final Map<DeviceId, Slot> slots;
    // Everything the pass knows of a device, in one place: looked up once per device and step.
    private final Map<DeviceId, Entry> entries = new HashMap<>();

    Pass(Map<DeviceId, Slot> slots) {
      this.slots = slots;
    }

    void load(
        List<DeviceProfile> devices,
        Map<DeviceId, Stored> stored,
        Map<DeviceId, List<AlertRule>> rules,
        Instant now) {
      var toReplay = new ArrayList<DeviceProfile>();
      var replayStart = new HashMap<DeviceId, DeviceEvaluator>();
      var toCatchUp = new HashMap<DeviceId, Map<Metric, Instant>>();
      for (DeviceProfile device : devices) {
        var state = stored.getOrDefault(device.id(), Stored.NONE);
        var slot = slots.get(device.id());
        var entry = new Entry(slot);
        entries.put(device.id(), entry);
        // Taken out of the cache: if this attempt does not commit, the next loads it afresh.
        var cached = slot.evaluator;
        var cachedState = slot.snapshot;
        slot.evaluator = null;
        slot.snapshot = null;
        entry.version = state.version();
        boolean writtenHere = state.writer().filter(self::equals).isPresent();
        entry.foreign = !writtenHere;
        if (cached != null && slot.version == state.version() && state.version() > 0) {
          entry.evaluator = cached;
          entry.storedProgress = slot.storedProgress;
          if (writtenHere) {
            entry.loaded = cachedState;
          } else {
            toCatchUp.put(device.id(), cached.progress());
          }
          continue;
        }
        var snapshot = state.snapshot();
        if (snapshot.isPresent() && state.version() > 0) {
          var restored = DeviceEvaluator.restore(snapshot.get());
          entry.evaluator = restored;
          entry.storedProgress = snapshot.get().lastEvaluated();
          toCatchUp.put(device.id(), restored.progress());
          continue;
        }
        toReplay.add(device);
        if (snapshot.isPresent()) {
          replayStart.put(device.id(), DeviceEvaluator.restore(snapshot.get()));
        }
      }
      // What passes that wrote nothing evaluated: the progress in the stored readings.
      if (!toCatchUp.isEmpty()) {
        readings
            .latestAfter(toCatchUp)
            .forEach(
                (id, latest) ->
                    entries.get(id).evaluator.catchUp(latest, rules.getOrDefault(id, List.of())));
      }
      if (!toReplay.isEmpty()) {
        replay(toReplay, replayStart, rules, now);
      }
      for (Entry entry : entries.values()) {
        if (entry.loaded == null) {
          entry.loaded = entry.evaluator.snapshot();
        }
      }
    }

    /**
     * Brings the evaluators without a current stored state up to date from the stored readings:
     * from their old checkpoint, or from the start of the look-back their rules need.
     */
    private void replay(
        List<DeviceProfile> devices,
        Map<DeviceId, DeviceEvaluator> checkpoints,
        Map<DeviceId, List<AlertRule>> rules,
        Instant now) {
      var watchingSince = new HashMap<DeviceId, Instant>();
      Instant from = null;
      for (DeviceProfile device : devices) {
        var checkpoint = checkpoints.get(device.id());
        Instant replayFrom;
        if (checkpoint != null) {
          replayFrom = checkpoint.snapshot().replayFrom();
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
      var ids =
          devices.stream().map(DeviceProfile::id).collect(java.util.stream.Collectors.toSet());
      var history = new HashMap<DeviceId, List<Reading>>();
      for (Reading reading : readings.history(ids, from)) {
        history.computeIfAbsent(reading.deviceId(), id -> new ArrayList<>()).add(reading);
      }
      for (DeviceProfile device : devices) {
        var checkpoint = checkpoints.get(device.id());
        var evaluator =
            checkpoint != null
                ? checkpoint
                : DeviceEvaluator.start(device.id(), watchingSince.get(device.id()));
        evaluator.replay(
            history.getOrDefault(device.id(), List.of()),
            rules.getOrDefault(device.id(), List.of()),
            device.deadbandCelsius());
        entries.get(device.id()).evaluator = evaluator;
      }
    }

    /**
     * Writes, with version + 1, the states that were never written, that changed in more than
     * progress, or whose progress has moved {@link #PROGRESS_CHECKPOINT} or more past the stored
     * state's.
     */
    void save() {
      var changed = new ArrayList<Versioned>();
      for (Entry entry : entries.values()) {
        if (entry.resetTo > 0) {
          continue;
        }
        var now = entry.evaluator.snapshot();
        entry.saved = now;
        if (entry.version == 0
            || entry.storedProgress == null
            || entry.foreign
            || !now.differsOnlyInProgress(entry.loaded)
            || now.progressedBy(entry.storedProgress, PROGRESS_CHECKPOINT)) {
          entry.version++;
          changed.add(new Versioned(now, entry.version));
          entry.storedProgress = now.lastEvaluated();
        }
      }
      states.saveAll(changed, self);
      entries.forEach(
          (id, entry) -> {
            if (entry.resetTo > 0) {
              states.reset(id, entry.resetTo);
            }
          });
    }

    /** Committed: the cache takes the evaluators at their new versions. */
    void publish() {
      for (Entry entry : entries.values()) {
        if (entry.resetTo > 0) {
          continue;
        }
        var slot = entry.slot;
        slot.evaluator = entry.evaluator;
        slot.snapshot = entry.saved;
        slot.version = entry.version;
        slot.storedProgress = entry.storedProgress;
      }
    }

    @Override
    public DeviceEvaluator evaluator(DeviceId device) {
      return entry(device).evaluator;
    }

    private Entry entry(DeviceId device) {
      var entry = entries.get(device);
      if (entry == null) {
        throw new IllegalArgumentException("device " + device + " is not part of this session");
      }
      return entry;
    }

    @Override
    public void rollBack() {
      for (Entry entry : entries.values()) {
        entry.evaluator = DeviceEvaluator.restore(entry.loaded);
      }
    }

    @Override
    public void reset(DeviceId device) {
      var entry = entry(device);
      entry.resetTo = entry.version + 1;
    }
  }

  /** One device in a pass. */
  private static final class Entry {
    private final Slot slot;
    private DeviceEvaluator evaluator;
    // The version of the device's row: as locked, then as this pass writes it.
    private long version;
    // The state loaded: every attempt starts from it (rollBack), save compares with it.
    private DeviceEvaluatorSnapshot loaded;
    // The state when the pass saved: the cache's starting point for the next pass.
    private DeviceEvaluatorSnapshot saved;
    // The progress of the state its row holds (null: rebuilt, to be written).
    private Map<Metric, Instant> storedProgress;
    // Another process (or none known) wrote the row last: this pass writes it.
    private boolean foreign;
    // Decommissioned in this pass: the version its reset writes (0: not reset).
    private long resetTo;

    Entry(Slot slot) {
      this.slot = slot;
    }
  }

  private static final class Slot {
    private final ReentrantLock lock = new ReentrantLock();
    private DeviceEvaluator evaluator;
    private long version;
    // The progress of the state stored at that version: the evaluator may be ahead of it.
    private Map<Metric, Instant> storedProgress;
    // The evaluator's state as the pass that cached it saw it last: the next pass starts from it.
    private DeviceEvaluatorSnapshot snapshot;
  }
}
