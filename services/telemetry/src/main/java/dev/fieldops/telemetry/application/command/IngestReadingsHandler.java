package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.UnavailableException;
import dev.fieldops.telemetry.application.evaluation.EvaluationRunner;
import dev.fieldops.telemetry.application.evaluation.StaleCacheException;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.application.shared.TelemetryAccess.IngestRight;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.reading.IngestPolicy;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingCheck;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Ingests a batch of readings: the hot path.
 *
 * <ol>
 *   <li>Screens each reading: who may report for the device ({@code NOT_YOUR_DEVICE} for a device
 *       principal naming another device, or for a caller who may not ingest at all; another
 *       customer's device is {@code UNKNOWN_DEVICE}), then the domain checks (device known and
 *       active, value plausible, observe time in the window), then duplicates within the batch.
 *       Rejects are counted per reason; they never fail the batch. Devices are looked up with one
 *       directory call per batch.
 *   <li>Evaluates the accepted readings per device in observe-time order, in one transaction that
 *       holds the devices' evaluation state locks: the evaluators are loaded first (from the stored
 *       state, or this process's cache of the same version), then the readings appended to the
 *       store (one bulk write), then evaluated; alert changes, temperature reports and the new
 *       evaluation states of the whole batch commit with the readings, and the alert changes are
 *       published to alert watchers.
 * </ol>
 *
 * A pass that finds a cached device profile or rules older than the stored ones (changed by another
 * replica a moment ago) does nothing, and the batch starts over with fresh ones: readings of a
 * device decommissioned anywhere are rejected, and rules changed anywhere apply, as with one
 * instance.
 *
 * <p>If storing or saving fails, the call fails and nothing of the batch counts as evaluated: a
 * retry of the same batch (storage is idempotent per reading) evaluates it properly.
 */
public final class IngestReadingsHandler implements CommandHandler<IngestReadings, IngestResult> {

  private final DeviceDirectory directory;
  private final ReadingStore store;
  private final EvaluationRunner runner;
  private final ReadingCheck check;
  private final Clock clock;

  public IngestReadingsHandler(
      DeviceDirectory directory,
      ReadingStore store,
      EvaluationRunner runner,
      IngestPolicy policy,
      Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.store = Objects.requireNonNull(store, "store");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.check = new ReadingCheck(policy);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Passes started over because a cache was stale, before the call gives up. */
  static final int STALE_CACHE_ATTEMPTS = 5;

  @Override
  public IngestResult handle(IngestReadings command) {
    for (int attempt = 1; ; attempt++) {
      try {
        return handleOnce(command);
      } catch (StaleCacheException stale) {
        stale.devices().forEach(directory::invalidate);
        if (attempt >= STALE_CACHE_ATTEMPTS) {
          throw new UnavailableException(
              "DEVICES_CHANGING",
              "the batch's devices or rules kept changing while it was evaluated; retry",
              Map.of());
        }
      }
    }
  }

  private IngestResult handleOnce(IngestReadings command) {
    var submissions = command.readings();
    if (submissions.isEmpty()) {
      return IngestResult.nothing();
    }
    var now = clock.instant();
    var right = TelemetryAccess.toIngest(command.principal());
    var targets = new ArrayList<Optional<DeviceId>>(submissions.size());
    var lookups = new HashSet<DeviceId>();
    for (ReadingSubmission submission : submissions) {
      var target = DeviceId.tryParse(submission.deviceId());
      targets.add(target);
      target.filter(id -> mayReportFor(right, id)).ifPresent(lookups::add);
    }
    Map<DeviceId, DeviceProfile> profiles =
        lookups.isEmpty() ? Map.of() : directory.findAll(lookups);

    var rejected = new EnumMap<RejectReason, Integer>(RejectReason.class);
    var samples = new ArrayList<RejectedReading>();
    var accepted = new ArrayList<Reading>();
    var acceptedByDevice = new LinkedHashMap<DeviceId, List<Reading>>();
    var seen = new HashSet<Reading.Key>();
    for (int index = 0; index < submissions.size(); index++) {
      var submission = submissions.get(index);
      var reason = screen(submission, targets.get(index), right, profiles, now);
      Reading reading = null;
      if (reason.isEmpty()) {
        reading =
            new Reading(
                targets.get(index).orElseThrow(),
                submission.metric(),
                submission.value(),
                submission.observeTime());
        if (!seen.add(reading.key())) {
          reason = Optional.of(RejectReason.DUPLICATE_IN_BATCH);
        }
      }
      if (reason.isPresent()) {
        rejected.merge(reason.get(), 1, Integer::sum);
        if (samples.size() < IngestResult.MAX_SAMPLES) {
          samples.add(new RejectedReading(index, reason.get()));
        }
        continue;
      }
      accepted.add(reading);
      acceptedByDevice.computeIfAbsent(reading.deviceId(), id -> new ArrayList<>()).add(reading);
    }
    if (accepted.isEmpty()) {
      return new IngestResult(0, rejected, samples, 0, 0);
    }

    var devices = acceptedByDevice.keySet().stream().map(profiles::get).toList();
    var newlyStored = new int[1];
    var pass =
        runner.run(
            devices,
            () -> newlyStored[0] = store.append(accepted),
            (evaluator, device, rules) ->
                evaluator.evaluate(
                    acceptedByDevice.get(device.id()), rules, device.deadbandCelsius()));
    return new IngestResult(
        accepted.size(),
        rejected,
        samples,
        pass.late(),
        pass.duplicates(),
        accepted.size() - newlyStored[0]);
  }

  private static boolean mayReportFor(IngestRight right, DeviceId device) {
    return switch (right) {
      case IngestRight.AnyDevice any -> true;
      case IngestRight.CustomerDevices customer -> true;
      case IngestRight.OwnDevice own -> own.deviceId().equals(device);
      case IngestRight.NoDevice none -> false;
    };
  }

  private Optional<RejectReason> screen(
      ReadingSubmission submission,
      Optional<DeviceId> target,
      IngestRight right,
      Map<DeviceId, DeviceProfile> profiles,
      Instant now) {
    if (right instanceof IngestRight.NoDevice
        || (right instanceof IngestRight.OwnDevice
            && !target.filter(id -> mayReportFor(right, id)).isPresent())) {
      return Optional.of(RejectReason.NOT_YOUR_DEVICE);
    }
    var device = target.map(profiles::get);
    if (right instanceof IngestRight.CustomerDevices(var customerId)) {
      device = device.filter(profile -> profile.customerId().equals(customerId));
    }
    return check.check(submission, device, now);
  }
}
