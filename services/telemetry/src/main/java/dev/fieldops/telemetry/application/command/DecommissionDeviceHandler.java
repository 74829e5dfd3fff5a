package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.AfterCommit;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.telemetry.application.evaluation.EvaluationRunner;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decommissions a device, then clears its open alerts (nobody will report on them again) and drops
 * its evaluation state. What follows runs once the decommissioning is committed ({@link
 * AfterCommit}); the alert clearing is a second transaction: should it fail, the device is
 * decommissioned regardless and its open alerts stay until acknowledged; readings are rejected
 * either way.
 */
public final class DecommissionDeviceHandler
    implements CommandHandler<DecommissionDevice, DeviceData> {

  private final DeviceRepository devices;
  private final DeviceDirectory directory;
  private final EvaluationRunner runner;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final AfterCommit afterCommit;

  /**
   * @param afterCommit runs what follows the decommissioning once it is committed
   */
  public DecommissionDeviceHandler(
      DeviceRepository devices,
      DeviceDirectory directory,
      EvaluationRunner runner,
      Clock clock,
      Supplier<UUID> ids,
      AfterCommit afterCommit) {
    this.devices = Objects.requireNonNull(devices, "devices");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
  }

  /**
   * @throws NotFoundException {@code DEVICE_NOT_FOUND}, also for another customer's device
   * @throws dev.fieldops.kernel.RuleViolationException {@code DEVICE_ALREADY_DECOMMISSIONED}
   * @throws dev.fieldops.kernel.ConcurrencyConflictException {@code ETAG_MISMATCH}
   */
  @Override
  public DeviceData handle(DecommissionDevice command) {
    var device = decommission(command);
    var id = command.deviceId();
    var profile = device.profile();
    afterCommit.run(
        () -> {
          directory.invalidate(id);
          runner.decommission(profile, ClearCause.DEVICE_DECOMMISSIONED);
        });
    return device.data();
  }

  private Device decommission(DecommissionDevice command) {
    var id = command.deviceId();
    var scope =
        TelemetryAccess.toManage(command.principal())
            .orElseThrow(() -> NotFoundException.of("device", id.toString()));
    var stamp = Stamp.of(clock.instant(), ids);
    return devices.update(
        id,
        scope,
        found -> {
          command.expectedVersion().requireCurrent(found.version(), "device", id.toString());
          found.decommission(stamp);
        });
  }
}
