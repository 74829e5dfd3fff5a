package dev.fieldops.telemetry.fake;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertBatch;
import dev.fieldops.telemetry.domain.alert.AlertChange;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertFilter;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.AlertKey;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.DomainEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Alerts in memory, with the real store's guarantees: optimistic versions, atomic batches, one open
 * alert per (device, rule). Tests can slip a concurrent writer in before the next batch save.
 */
public final class InMemoryAlertRepository implements AlertRepository {

  private final Map<AlertId, AlertData> rows = new HashMap<>();
  private final InMemoryOutbox outbox;
  private final Queue<Runnable> beforeSaveAll = new ArrayDeque<>();
  private int saveAllCalls;

  public InMemoryAlertRepository(InMemoryOutbox outbox) {
    this.outbox = outbox;
  }

  /** Runs {@code interloper} just before the next batch save reads the stored versions. */
  public synchronized void beforeNextSaveAll(Runnable interloper) {
    beforeSaveAll.add(interloper);
  }

  @Override
  public synchronized Optional<Alert> findById(AlertId id, AccessScope scope) {
    return visible(id, scope).map(Alert::rehydrate);
  }

  @Override
  public synchronized Page<Alert> list(AlertFilter filter, AccessScope scope, PageRequest page) {
    var matching =
        rows.values().stream()
            .filter(a -> scope.includes(a.customerId()) && filter.matches(a))
            .toList();
    return KeysetPages.pageDescending(matching, alert -> alert.id().toString(), page)
        .map(Alert::rehydrate);
  }

  @Override
  public synchronized List<Alert> findOpen(Set<DeviceId> devices) {
    return rows.values().stream()
        .filter(a -> a.isOpen() && devices.contains(a.deviceId()))
        .sorted(Comparator.comparing(AlertData::id))
        .map(Alert::rehydrate)
        .toList();
  }

  @Override
  public synchronized List<Alert> findOpenByRule(AlertRuleId ruleId) {
    return rows.values().stream()
        .filter(a -> a.isOpen() && a.ruleId().equals(ruleId))
        .sorted(Comparator.comparing(AlertData::id))
        .map(Alert::rehydrate)
        .toList();
  }

  @Override
  public synchronized Alert update(AlertId id, AccessScope scope, Consumer<Alert> change) {
    var row = visible(id, scope).orElseThrow(() -> NotFoundException.of("alert", id.toString()));
    var alert = Alert.rehydrate(row);
    change.accept(alert);
    if (alert.hasChanges()) {
      var events = alert.pullEvents();
      rows.put(id, alert.data());
      outbox.append(events);
    }
    return alert;
  }

  @Override
  public void saveAll(AlertBatch batch) {
    Runnable interloper;
    synchronized (this) {
      saveAllCalls++;
      interloper = beforeSaveAll.poll();
    }
    if (interloper != null) {
      interloper.run();
    }
    synchronized (this) {
      var result = new HashMap<>(rows);
      for (AlertChange change : batch.changes()) {
        var stored = rows.get(change.alert().id());
        if (change.isNew()
            ? stored != null
            : stored == null || stored.version() != change.expectedVersion()) {
          throw conflict(change.alert().id());
        }
        result.put(change.alert().id(), change.alert());
      }
      var openKeys = new HashSet<AlertKey>();
      for (AlertData alert : result.values()) {
        if (alert.isOpen() && !openKeys.add(alert.key())) {
          throw conflict(alert.id());
        }
      }
      rows.clear();
      rows.putAll(result);
      var events = new ArrayList<DomainEvent>();
      batch.changes().forEach(change -> events.addAll(change.events()));
      events.addAll(batch.temperatureChanges());
      outbox.append(events);
    }
  }

  /** Every stored alert, in no particular order. */
  synchronized List<AlertData> all() {
    return List.copyOf(rows.values());
  }

  /** How many batch saves were attempted. */
  public synchronized int saveAllCalls() {
    return saveAllCalls;
  }

  private Optional<AlertData> visible(AlertId id, AccessScope scope) {
    return Optional.ofNullable(rows.get(id)).filter(alert -> scope.includes(alert.customerId()));
  }

  private static ConcurrencyConflictException conflict(AlertId id) {
    return new ConcurrencyConflictException(
        "CONCURRENT_UPDATE",
        "alert " + id + " changed concurrently",
        Map.of("alert_id", id.toString()));
  }
}
