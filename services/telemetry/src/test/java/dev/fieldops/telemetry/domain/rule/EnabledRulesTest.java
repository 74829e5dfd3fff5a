package dev.fieldops.telemetry.domain.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnabledRulesTest {

  @Test
  void a_device_gets_its_own_rules_and_its_customers_customer_wide_ones_in_id_order() {
    DeviceProfile freezer = DeviceFixtures.freezerProfileOf(DeviceFixtures.ACME);
    DeviceProfile fridge = DeviceFixtures.freezerProfileOf(DeviceFixtures.ACME);
    AlertRule first = rule(DeviceFixtures.ACME, new RuleTarget.SingleDevice(freezer.id()), 1);
    AlertRule second = rule(DeviceFixtures.ACME, new RuleTarget.AllCustomerDevices(), 2);
    AlertRule third = rule(DeviceFixtures.ACME, new RuleTarget.SingleDevice(freezer.id()), 3);
    AlertRule fourth = rule(DeviceFixtures.ACME, new RuleTarget.AllCustomerDevices(), 4);

    var rules = EnabledRules.of(List.of(fourth, third, second, first));

    assertThat(rules.appliesTo(freezer)).containsExactly(first, second, third, fourth);
    assertThat(rules.appliesTo(fridge)).containsExactly(second, fourth);
  }

  @Test
  void disabled_rules_and_other_customers_rules_never_apply() {
    DeviceProfile freezer = DeviceFixtures.freezerProfileOf(DeviceFixtures.ACME);
    AlertRule disabled =
        rule(DeviceFixtures.ACME, new RuleTarget.SingleDevice(freezer.id()), 1)
            .revise(AlertRule.Revision.none().withEnabled(false), Stamps.T0);
    // Another customer's rules, even one naming this device's id.
    AlertRule theirs = rule(DeviceFixtures.GLOBEX, new RuleTarget.SingleDevice(freezer.id()), 2);
    AlertRule theirWide = rule(DeviceFixtures.GLOBEX, new RuleTarget.AllCustomerDevices(), 3);

    assertThat(EnabledRules.of(List.of(disabled, theirs, theirWide)).appliesTo(freezer)).isEmpty();
  }

  @Test
  void the_index_finds_what_a_scan_of_every_rule_finds() {
    var random = new Random(20261206L);
    List<CustomerId> customers =
        List.of(DeviceFixtures.ACME, DeviceFixtures.GLOBEX, new CustomerId("initech"));
    List<DeviceProfile> devices = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      devices.add(DeviceFixtures.freezerProfileOf(customers.get(random.nextInt(customers.size()))));
    }
    for (int round = 0; round < 50; round++) {
      List<AlertRule> rules = new ArrayList<>();
      int count = random.nextInt(60);
      for (int i = 0; i < count; i++) {
        DeviceProfile device = devices.get(random.nextInt(devices.size()));
        // Now and then a rule whose customer is not its device's.
        CustomerId customer =
            random.nextInt(8) == 0
                ? customers.get(random.nextInt(customers.size()))
                : device.customerId();
        RuleTarget target =
            random.nextInt(4) == 0
                ? new RuleTarget.AllCustomerDevices()
                : new RuleTarget.SingleDevice(device.id());
        AlertRule rule = rule(customer, target, random.nextLong());
        rules.add(
            random.nextInt(5) == 0
                ? rule.revise(AlertRule.Revision.none().withEnabled(false), Stamps.T0)
                : rule);
      }
      EnabledRules index = EnabledRules.of(rules);
      for (DeviceProfile device : devices) {
        assertThat(index.appliesTo(device))
            .as("round %d, device %s", round, device.id())
            .containsExactlyElementsOf(scan(device, rules));
      }
    }
  }

  /** The rule of the definition: every enabled rule of the customer that covers the device. */
  private static List<AlertRule> scan(DeviceProfile device, Collection<AlertRule> rules) {
    return rules.stream()
        .filter(rule -> rule.enabled() && rule.appliesTo(device))
        .sorted(Comparator.comparing(AlertRule::id))
        .toList();
  }

  /** A rule whose id sorts by {@code order} (ids are compared as text). */
  private static AlertRule rule(CustomerId customer, RuleTarget target, long order) {
    return AlertRule.create(
        new AlertRuleId(new UUID(order, order)),
        new AlertRule.Definition(
            customer,
            target,
            "threshold",
            Metric.TEMPERATURE_CELSIUS,
            Severity.WARNING,
            Optional.empty(),
            true,
            RuleFixtures.above(8, 6)),
        Stamps.T0);
  }
}
