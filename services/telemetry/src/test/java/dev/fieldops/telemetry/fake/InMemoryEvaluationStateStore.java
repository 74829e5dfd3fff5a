package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Device evaluation states in memory. One lock stands for all the devices' locks, and a pass that
 * fails puts the states back as they were (what a rolled-back transaction does).
 */
public final class InMemoryEvaluationStateStore implements EvaluationStateStore {

  private record Row(
      long version, Optional<DeviceEvaluatorSnapshot> snapshot, Optional<UUID> writer) {}

  /**
   * Another fake that a pass writes to, such as the readings: what a pass that fails wrote there is
   * undone with the states, as the database's one transaction does.
   */
  @FunctionalInterface
  public interface Participant {
    /** Marks the current contents; running the answer puts them back. */
    Runnable savepoint();
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<DeviceId, Row> rows = new HashMap<>();
  private final List<Participant> participants = new CopyOnWriteArrayList<>();

  /** Rolls the participant back with every pass that fails. */
  public InMemoryEvaluationStateStore joinedBy(Participant participant) {
    participants.add(participant);
    return this;
  }

  @Override
  public <T> T withLocked(Collection<DeviceId> devices, Function<Map<DeviceId, Stored>, T> work) {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("a pass is already open on this thread");
    }
    lock.lock();
    try {
      var before = new HashMap<>(rows);
      var undo = participants.stream().map(Participant::savepoint).toList();
      var stored = new HashMap<DeviceId, Stored>();
      for (DeviceId device : devices) {
        var row = rows.get(device);
        stored.put(
            device,
            row == null ? Stored.NONE : new Stored(row.version(), row::snapshot, row.writer()));
      }
      try {
        return work.apply(stored);
      } catch (RuntimeException | Error failure) {
        rows.clear();
        rows.putAll(before);
        undo.forEach(Runnable::run);
        throw failure;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void saveAll(Collection<Versioned> states, UUID writer) {
    requireLocked();
    states.forEach(
        state ->
            rows.put(
                state.snapshot().deviceId(),
                new Row(state.version(), Optional.of(state.snapshot()), Optional.of(writer))));
  }

  @Override
  public void reset(DeviceId device, long newVersion) {
    requireLocked();
    rows.put(device, new Row(newVersion, Optional.empty(), Optional.empty()));
  }

  private void requireLocked() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("only inside withLocked");
    }
  }

  /** The version of the device's stored state (0 before its first pass). */
  public long version(DeviceId device) {
    lock.lock();
    try {
      var row = rows.get(device);
      return row == null ? 0 : row.version();
    } finally {
      lock.unlock();
    }
  }

  /** How many devices have a stored state. */
  public int size() {
    lock.lock();
    try {
      return (int) rows.values().stream().filter(row -> row.snapshot().isPresent()).count();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the device has a stored state (false before its first pass and after a reset). */
  public boolean hasState(DeviceId device) {
    lock.lock();
    try {
      var row = rows.get(device);
      return row != null && row.snapshot().isPresent();
    } finally {
      lock.unlock();
    }
  }

  /** Drops every state, as if none had ever been written (tests of the rebuild from readings). */
  public void clear() {
    lock.lock();
    try {
      rows.clear();
    } finally {
      lock.unlock();
    }
  }
}
