package dev.fieldops.telemetry.application.evaluation;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.telemetry.application.feed.AlertChangeListener;
import dev.fieldops.telemetry.application.feed.AlertNotice;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertBatch;
import dev.fieldops.telemetry.domain.alert.AlertChange;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.AlertTracker;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.device.TemperatureChanged;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluator;
import dev.fieldops.telemetry.domain.evaluation.EvaluationResult;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import dev.fieldops.telemetry.domain.evaluation.RuleOutcome;
import dev.fieldops.telemetry.domain.evaluation.TemperatureChange;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One evaluation pass over a set of devices, shared by ingest and the silence check: lock and load
 * the devices' evaluators, run a preparatory step once (storing the batch's readings), evaluate,
 * apply the outcomes to the open alerts, save alert changes and temperature reports in one
 * transaction, and publish the committed changes.
 *
 * <p>A save that loses an optimistic race (someone acknowledged an alert meanwhile) is retried: the
 * evaluators are rolled back to where the pass began, the open alerts are read again, and the same
 * readings evaluated again, at most {@code maxAttempts} times. Any other failure rolls the
 * evaluators back too and propagates, so a retried batch is evaluated as if for the first time.
 *
 * <p>The device profiles and rules a pass is given may come from caches. Once the devices are
 * locked, the pass compares their versions with the stored ones and, when another instance has
 * changed one meanwhile, ends with {@link StaleCacheException} before doing anything: the caller
 * starts over with fresh profiles and rules, as one instance would have used.
 */
public final class EvaluationRunner {

  private final EvaluatorRegistry registry;
  private final RuleBook ruleBook;
  private final AlertRepository alerts;
  private final AlertChangeListener listener;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final int maxAttempts;

  public EvaluationRunner(
      EvaluatorRegistry registry,
      RuleBook ruleBook,
      AlertRepository alerts,
      AlertChangeListener listener,
      Clock clock,
      Supplier<UUID> ids,
      int maxAttempts) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.ruleBook = Objects.requireNonNull(ruleBook, "ruleBook");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least one attempt");
    }
    this.maxAttempts = maxAttempts;
  }

  /** What to evaluate for one device. */
  @FunctionalInterface
  public interface Step {
    EvaluationResult evaluate(
        DeviceEvaluator evaluator, DeviceProfile device, List<AlertRule> rules);
  }

  /** Totals of a pass. */
  public record PassResult(
      int evaluated, int late, int duplicates, List<AlertNotice> notices, int temperatureChanges) {
    public PassResult {
      notices = List.copyOf(notices);
    }
  }

  /**
   * Runs one pass.
   *
   * @param prepare runs once, after the evaluators are loaded and before evaluating (e.g. append
   *     the readings to the store)
   */
  public PassResult run(Collection<DeviceProfile> devices, Runnable prepare, Step step) {
    if (devices.isEmpty()) {
      prepare.run();
      return new PassResult(0, 0, 0, List.of(), 0);
    }
    var book = ruleBook.rulesWithVersions(devices);
    var rules = book.byDevice();
    var deviceIds = devices.stream().map(DeviceProfile::id).collect(Collectors.toSet());
    var result =
        registry.withEvaluators(
            devices,
            rules,
            clock.instant(),
            stored -> requireCurrent(devices, book, stored),
            session -> {
              prepare.run();
              return evaluateAndSaveWithRetries(devices, deviceIds, rules, session, step);
            });
    // Committed: the evaluators keep their new state whatever a listener does.
    if (!result.notices().isEmpty()) {
      listener.alertsChanged(result.notices());
    }
    return result;
  }

  /**
   * Throws {@link StaleCacheException} (forgetting the stale rules) when a device's profile or its
   * customer's rules are not at the stored versions: the pass would evaluate what one instance no
   * longer would.
   */
  private void requireCurrent(
      Collection<DeviceProfile> devices,
      RuleBook.Rules book,
      Map<DeviceId, EvaluationStateStore.Stored> stored) {
    Set<DeviceId> staleDevices = null;
    Set<CustomerId> staleRules = null;
    for (DeviceProfile device : devices) {
      var state = stored.get(device.id());
      if (state == null) {
        continue;
      }
      if (state.deviceVersion() != EvaluationStateStore.Stored.UNKNOWN
          && state.deviceVersion() != device.version()) {
        staleDevices = staleDevices == null ? new HashSet<>() : staleDevices;
        staleDevices.add(device.id());
      }
      var rulesVersion = book.versions().get(device.customerId());
      if (rulesVersion != null
          && state.rulesVersion() != EvaluationStateStore.Stored.UNKNOWN
          && state.rulesVersion() != rulesVersion) {
        staleRules = staleRules == null ? new HashSet<>() : staleRules;
        staleRules.add(device.customerId());
      }
    }
    if (staleDevices == null && staleRules == null) {
      return;
    }
    if (staleRules != null) {
      staleRules.forEach(ruleBook::invalidate);
    }
    throw new StaleCacheException(staleDevices == null ? Set.of() : staleDevices);
  }

  private PassResult evaluateAndSaveWithRetries(
      Collection<DeviceProfile> devices,
      Set<DeviceId> deviceIds,
      Map<DeviceId, List<AlertRule>> rules,
      EvaluatorRegistry.Session session,
      Step step) {
    for (int attempt = 1; ; attempt++) {
      try {
        return evaluateAndSave(devices, deviceIds, rules, session, step);
      } catch (ConcurrencyConflictException conflict) {
        session.rollBack();
        if (attempt >= maxAttempts) {
          throw conflict;
        }
      } catch (RuntimeException failure) {
        session.rollBack();
        throw failure;
      }
    }
  }

  private PassResult evaluateAndSave(
      Collection<DeviceProfile> devices,
      Set<DeviceId> deviceIds,
      Map<DeviceId, List<AlertRule>> rules,
      EvaluatorRegistry.Session session,
      Step step) {
    var stamp = Stamp.of(clock.instant(), ids);
    var tracker = new AlertTracker(alerts.findOpen(deviceIds), stamp);
    var temperatureChanges = new ArrayList<TemperatureChanged>();
    int evaluated = 0;
    int late = 0;
    int duplicates = 0;
    for (DeviceProfile device : devices) {
      var deviceRules = rules.getOrDefault(device.id(), List.of());
      var evaluator = session.evaluator(device.id());
      evaluator.reconcile(deviceRules, tracker.openAlertsOf(device.id()));
      var result = step.evaluate(evaluator, device, deviceRules);
      var rulesById = new HashMap<AlertRuleId, AlertRule>();
      deviceRules.forEach(rule -> rulesById.put(rule.id(), rule));
      for (RuleOutcome outcome : result.outcomes()) {
        tracker.apply(outcome, device, rulesById.get(outcome.ruleId()));
      }
      for (TemperatureChange change : result.temperatureChanges()) {
        temperatureChanges.add(
            new TemperatureChanged(
                stamp.newId(),
                stamp.now(),
                device.id(),
                device.customerId(),
                change.valueCelsius(),
                change.previousValue(),
                change.observeTime(),
                device.deadbandCelsius()));
      }
      evaluated += result.evaluated();
      late += result.late();
      duplicates += result.duplicates();
    }
    var changes = tracker.pullChanges();
    var batch = new AlertBatch(changes, temperatureChanges);
    if (!batch.isEmpty()) {
      alerts.saveAll(batch);
    }
    return new PassResult(evaluated, late, duplicates, notices(changes), temperatureChanges.size());
  }

  /**
   * Clears the open alerts that {@code load} returns, for a cause other than their condition (rule
   * removed or changed), publishing what it cleared. The alerts' devices are locked as for an
   * evaluation pass, so that the clearing and the devices' evaluation happen one after the other
   * (the next pass reconciles the evaluator with the alerts left open); alerts of devices that
   * appear only once the locks are held are cleared in a further round.
   */
  public List<AlertNotice> clearOpenAlerts(Supplier<List<Alert>> load, ClearCause cause) {
    var notices = new ArrayList<AlertNotice>();
    for (int round = 0; round < maxAttempts; round++) {
      var open = load.get();
      if (open.isEmpty()) {
        break;
      }
      var devices = new java.util.TreeSet<DeviceId>();
      open.forEach(alert -> devices.add(alert.deviceId()));
      var cleared =
          registry.withDevicesLocked(
              devices,
              () -> {
                var locked = load.get().stream().filter(a -> devices.contains(a.deviceId()));
                return clear(locked.toList(), cause);
              });
      notices.addAll(cleared);
      if (cleared.isEmpty()) {
        break;
      }
    }
    if (!notices.isEmpty()) {
      listener.alertsChanged(notices);
    }
    return notices;
  }

  /**
   * A decommissioned device: with its state locked, clears its open alerts and drops its evaluation
   * state, so that no replica keeps evaluating it from memory.
   */
  public List<AlertNotice> decommission(DeviceProfile device, ClearCause cause) {
    var notices =
        registry.withEvaluators(
            List.of(device),
            Map.of(),
            clock.instant(),
            session -> {
              session.reset(device.id());
              return clear(alerts.findOpen(Set.of(device.id())), cause);
            });
    if (!notices.isEmpty()) {
      listener.alertsChanged(notices);
    }
    return notices;
  }

  /**
   * Clears the alerts in the caller's transaction, re-reading them after an optimistic conflict.
   */
  private List<AlertNotice> clear(List<Alert> open, ClearCause cause) {
    var current = open;
    for (int attempt = 1; ; attempt++) {
      var tracker = new AlertTracker(current, Stamp.of(clock.instant(), ids));
      tracker.clearAll(alert -> true, cause);
      var changes = tracker.pullChanges();
      if (changes.isEmpty()) {
        return List.of();
      }
      try {
        alerts.saveAll(new AlertBatch(changes, List.of()));
        return notices(changes);
      } catch (ConcurrencyConflictException conflict) {
        if (attempt >= maxAttempts) {
          throw conflict;
        }
        var again = current.stream().map(Alert::id).collect(Collectors.toSet());
        current =
            alerts
                .findOpen(current.stream().map(Alert::deviceId).collect(Collectors.toSet()))
                .stream()
                .filter(alert -> again.contains(alert.id()))
                .toList();
      }
    }
  }

  private static List<AlertNotice> notices(List<AlertChange> changes) {
    return changes.stream()
        .map(change -> new AlertNotice(change.alert(), change.events()))
        .toList();
  }
}
