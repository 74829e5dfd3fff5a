package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Enabled rules indexed by what they watch, so that the rules of one device are found without
 * looking at the rules of every other device of its customer: customer-wide rules by customer,
 * single-device rules by customer and device. Built once per load of a rule book (rules are
 * immutable values), asked once per reading's device. A scan of the customer's rules for each
 * device made evaluation quadratic for a customer with a rule per device.
 */
public final class EnabledRules {

  private static final Comparator<AlertRule> BY_ID = Comparator.comparing(AlertRule::id);

  private record OwnDevice(CustomerId customer, DeviceId device) {}

  private final Map<CustomerId, List<AlertRule>> everyDevice;
  private final Map<OwnDevice, List<AlertRule>> singleDevice;

  private EnabledRules(
      Map<CustomerId, List<AlertRule>> everyDevice, Map<OwnDevice, List<AlertRule>> singleDevice) {
    this.everyDevice = everyDevice;
    this.singleDevice = singleDevice;
  }

  /** The enabled ones among {@code rules} (a disabled rule is never returned). */
  public static EnabledRules of(Collection<AlertRule> rules) {
    var everyDevice = new HashMap<CustomerId, List<AlertRule>>();
    var singleDevice = new HashMap<OwnDevice, List<AlertRule>>();
    for (AlertRule rule : rules) {
      if (!rule.enabled()) {
        continue;
      }
      switch (rule.target()) {
        case RuleTarget.AllCustomerDevices all ->
            everyDevice.computeIfAbsent(rule.customerId(), c -> new ArrayList<>()).add(rule);
        case RuleTarget.SingleDevice single ->
            singleDevice
                .computeIfAbsent(
                    new OwnDevice(rule.customerId(), single.deviceId()), d -> new ArrayList<>())
                .add(rule);
      }
    }
    everyDevice.replaceAll((customer, list) -> sorted(list));
    singleDevice.replaceAll((device, list) -> sorted(list));
    return new EnabledRules(Map.copyOf(everyDevice), Map.copyOf(singleDevice));
  }

  /**
   * The rules that watch {@code device}: its own and its customer's customer-wide rules, in id
   * order. Rules of another customer never apply, whatever their target.
   */
  public List<AlertRule> appliesTo(DeviceProfile device) {
    List<AlertRule> common = everyDevice.getOrDefault(device.customerId(), List.of());
    List<AlertRule> own =
        singleDevice.getOrDefault(new OwnDevice(device.customerId(), device.id()), List.of());
    if (own.isEmpty()) {
      return common;
    }
    if (common.isEmpty()) {
      return own;
    }
    var merged = new ArrayList<AlertRule>(common.size() + own.size());
    int c = 0;
    int o = 0;
    while (c < common.size() && o < own.size()) {
      merged.add(BY_ID.compare(common.get(c), own.get(o)) <= 0 ? common.get(c++) : own.get(o++));
    }
    merged.addAll(common.subList(c, common.size()));
    merged.addAll(own.subList(o, own.size()));
    return List.copyOf(merged);
  }

  private static List<AlertRule> sorted(List<AlertRule> rules) {
    rules.sort(BY_ID);
    return List.copyOf(rules);
  }
}
