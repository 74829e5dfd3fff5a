package dev.fieldops.cli;

import dev.fieldops.telemetry.v1.AlertRule;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.CreateAlertRuleRequest;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import java.util.UUID;

/**
 * The alert rule the command line gives a freezer it registers (demo, simulate, bench system): too
 * warm above {@value #RAISE} °C, cleared below {@value #CLEAR} °C.
 */
public final class FreezerRule {

  /** The temperature above which the rule raises its alert. */
  public static final double RAISE = -10.0;

  /** The temperature below which a raised alert clears. */
  public static final double CLEAR = -14.0;

  private FreezerRule() {}

  /** A new rule (its own request id) for {@code deviceId} of {@code customer}. */
  public static CreateAlertRuleRequest tooWarm(
      String customer, String deviceId, AlertSeverity severity) {
    return CreateAlertRuleRequest.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setAlertRule(
            AlertRule.newBuilder()
                .setCustomerId(customer)
                .setDeviceId(deviceId)
                .setDisplayName("Freezer too warm")
                .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                .setSeverity(severity)
                .setThreshold(
                    ThresholdCondition.newBuilder()
                        .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                        .setRaiseLevel(RAISE)
                        .setClearLevel(CLEAR)))
        .build();
  }
}
