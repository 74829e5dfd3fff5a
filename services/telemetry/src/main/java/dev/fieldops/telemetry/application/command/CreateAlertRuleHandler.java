package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import dev.fieldops.telemetry.domain.rule.RuleNames;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Creates an alert rule. A device-wide rule must name an active device of the same customer; the
 * device is looked up within the caller's scope, so another customer's device is not found.
 */
public final class CreateAlertRuleHandler implements CommandHandler<CreateAlertRule, AlertRule> {

  private final AlertRuleRepository rules;
  private final DeviceRepository devices;
  private final RuleBook ruleBook;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public CreateAlertRuleHandler(
      AlertRuleRepository rules,
      DeviceRepository devices,
      RuleBook ruleBook,
      Clock clock,
      Supplier<UUID> ids) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.devices = Objects.requireNonNull(devices, "devices");
    this.ruleBook = Objects.requireNonNull(ruleBook, "ruleBook");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /**
   * @throws NotFoundException {@code CUSTOMER_NOT_FOUND} or {@code DEVICE_NOT_FOUND}
   * @throws RuleViolationException {@code DEVICE_DECOMMISSIONED} for a rule on a decommissioned
   *     device
   * @throws dev.fieldops.kernel.InvalidInputException {@code INVALID_ALERT_RULE}
   */
  @Override
  public AlertRule handle(CreateAlertRule command) {
    var scope = TelemetryAccess.toManage(command.principal());
    if (scope.isEmpty() || !scope.get().includes(command.customerId())) {
      throw NotFoundException.of("customer", command.customerId().value());
    }
    if (command.target() instanceof RuleTarget.SingleDevice(DeviceId deviceId)) {
      var device =
          devices
              .findById(deviceId, scope.get())
              .filter(found -> found.customerId().equals(command.customerId()))
              .orElseThrow(() -> NotFoundException.of("device", deviceId.toString()));
      if (!device.profile().isActive()) {
        throw new RuleViolationException(
            "DEVICE_DECOMMISSIONED",
            "device " + deviceId + " is decommissioned; it gets no new rules",
            Map.of("device_id", deviceId.toString()));
      }
    }
    var stamp = Stamp.of(clock.instant(), ids);
    var rule =
        AlertRule.create(
            new AlertRuleId(stamp.newId()),
            new AlertRule.Definition(
                command.customerId(),
                command.target(),
                command.displayName() == null || command.displayName().isBlank()
                    ? RuleNames.defaultName(command.metric(), command.condition())
                    : command.displayName(),
                command.metric(),
                command.severity(),
                command.escalateAfter(),
                command.enabled(),
                command.condition()),
            stamp.now());
    rules.add(rule);
    ruleBook.invalidate();
    return rule;
  }
}
