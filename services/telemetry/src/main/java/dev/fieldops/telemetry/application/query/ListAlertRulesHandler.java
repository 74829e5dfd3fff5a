package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.telemetry.application.shared.TelemetryAccess;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists the rules the caller may see. Asked for the rules watching a device, it looks the device up
 * within the caller's scope first: a device the caller may not see yields an empty page, and the
 * customer-wide rules that count are those of the device's customer.
 */
public final class ListAlertRulesHandler {

  private final AlertRuleRepository rules;
  private final DeviceRepository devices;

  public ListAlertRulesHandler(AlertRuleRepository rules, DeviceRepository devices) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.devices = Objects.requireNonNull(devices, "devices");
  }

  public Page<AlertRule> handle(ListAlertRules query) {
    var scope = TelemetryAccess.toRulesAndAlerts(query.principal());
    if (scope.isEmpty()) {
      return Page.empty();
    }
    return narrowToWatchedDevice(query.filter(), scope.get())
        .map(filter -> rules.list(filter, scope.get(), query.page()))
        .orElseGet(Page::empty);
  }

  private Optional<AlertRuleFilter> narrowToWatchedDevice(
      AlertRuleFilter filter, AccessScope scope) {
    if (filter.watchedDevice().isEmpty()) {
      return Optional.of(filter);
    }
    return devices
        .findById(filter.watchedDevice().get(), scope)
        .map(Device::customerId)
        .filter(owner -> filter.customerId().map(owner::equals).orElse(true))
        .map(filter::ofCustomer);
  }
}
