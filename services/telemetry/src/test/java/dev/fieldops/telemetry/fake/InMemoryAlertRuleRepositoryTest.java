package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.contract.AlertRuleRepositoryContract;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.RuleBook;

class InMemoryAlertRuleRepositoryTest extends AlertRuleRepositoryContract {

  private final InMemoryAlertRuleRepository rules = new InMemoryAlertRuleRepository();

  @Override
  protected AlertRuleRepository repository() {
    return rules;
  }

  @Override
  protected RuleBook ruleBook() {
    return rules;
  }

  @Override
  protected void givenDevice(Device device) {
    // rules in memory refer to devices by id only
  }
}
