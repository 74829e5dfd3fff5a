package dev.fieldops.telemetry.application.command;

import dev.fieldops.telemetry.application.evaluation.EvaluationRunner;
import dev.fieldops.telemetry.application.evaluation.StaleCacheException;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The NO_DATA scheduler's use case, run by a timer (every few seconds to a minute): checks every
 * active device watched by an enabled NO_DATA rule against the current server time, in chunks, each
 * chunk one evaluation pass (raise, continue, escalate; clearing happens when a reading arrives).
 * Devices that have not reported since this process started are loaded too, so silence is noticed
 * after a restart.
 */
public final class CheckSilenceHandler {

  /** Devices per evaluation pass (one transaction each). */
  static final int CHUNK = 256;

  private final RuleBook ruleBook;
  private final DeviceDirectory directory;
  private final EvaluationRunner runner;
  private final Clock clock;

  public CheckSilenceHandler(
      RuleBook ruleBook, DeviceDirectory directory, EvaluationRunner runner, Clock clock) {
    this.ruleBook = Objects.requireNonNull(ruleBook, "ruleBook");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs one check; returns how many alerts changed. */
  public int handle() {
    var now = clock.instant();
    var watched = new LinkedHashMap<DeviceId, DeviceProfile>();
    var singleDevices = new HashSet<DeviceId>();
    var customersSeen = new HashSet<CustomerId>();
    for (AlertRule rule : ruleBook.enabledNoDataRules()) {
      switch (rule.target()) {
        case RuleTarget.SingleDevice single -> singleDevices.add(single.deviceId());
        case RuleTarget.AllCustomerDevices all -> {
          if (customersSeen.add(rule.customerId())) {
            directory
                .activeDevicesOf(rule.customerId())
                .forEach(device -> watched.putIfAbsent(device.id(), device));
          }
        }
      }
    }
    singleDevices.removeAll(watched.keySet());
    if (!singleDevices.isEmpty()) {
      directory
          .findAll(singleDevices)
          .values()
          .forEach(device -> watched.putIfAbsent(device.id(), device));
    }
    var active = watched.values().stream().filter(DeviceProfile::isActive).toList();
    int changed = 0;
    for (int from = 0; from < active.size(); from += CHUNK) {
      var chunk = new ArrayList<>(active.subList(from, Math.min(active.size(), from + CHUNK)));
      changed += checkChunk(chunk, now);
    }
    return changed;
  }

  /**
   * One pass over a chunk; when a cached profile or rules turn out stale, again with fresh profiles
   * (a device decommissioned meanwhile drops out), a bounded number of times.
   */
  private int checkChunk(List<DeviceProfile> chunk, Instant now) {
    var devices = chunk;
    for (int attempt = 1; ; attempt++) {
      try {
        return runner
            .run(
                devices, () -> {}, (evaluator, device, rules) -> evaluator.checkSilence(now, rules))
            .notices()
            .size();
      } catch (StaleCacheException stale) {
        if (attempt >= IngestReadingsHandler.STALE_CACHE_ATTEMPTS) {
          throw stale;
        }
        stale.devices().forEach(directory::invalidate);
        var ids = devices.stream().map(DeviceProfile::id).collect(Collectors.toSet());
        devices =
            directory.findAll(ids).values().stream()
                .filter(DeviceProfile::isActive)
                .sorted(Comparator.comparing(DeviceProfile::id))
                .toList();
      }
    }
  }
}
