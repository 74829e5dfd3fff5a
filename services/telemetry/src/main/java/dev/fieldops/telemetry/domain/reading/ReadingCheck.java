package dev.fieldops.telemetry.domain.reading;

import dev.fieldops.telemetry.domain.device.DeviceProfile;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The domain's rules for accepting a reading of a device that the caller may report for: the device
 * must be active, the value physically plausible, the observe time within the policy's window
 * around now. Who may report for which device is the application's concern and is checked before
 * this.
 */
public final class ReadingCheck {

  private final IngestPolicy policy;

  public ReadingCheck(IngestPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Why the submission must be rejected, or empty when it is acceptable.
   *
   * @param device the device the submission names, empty when unknown to the caller
   */
  public Optional<RejectReason> check(
      ReadingSubmission submission, Optional<DeviceProfile> device, Instant now) {
    if (submission.metric() == null || submission.observeTime() == null) {
      return Optional.of(RejectReason.INVALID_READING);
    }
    if (device.isEmpty()) {
      return Optional.of(RejectReason.UNKNOWN_DEVICE);
    }
    if (!device.get().isActive()) {
      return Optional.of(RejectReason.DEVICE_DECOMMISSIONED);
    }
    if (!submission.metric().isPlausible(submission.value())) {
      return Optional.of(RejectReason.VALUE_OUT_OF_RANGE);
    }
    if (submission.observeTime().isAfter(now.plus(policy.maxFutureSkew()))) {
      return Optional.of(RejectReason.OBSERVE_TIME_IN_FUTURE);
    }
    if (submission.observeTime().isBefore(now.minus(policy.maxAge()))) {
      return Optional.of(RejectReason.OBSERVE_TIME_TOO_OLD);
    }
    return Optional.empty();
  }
}
