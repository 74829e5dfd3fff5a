package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.contract.EscalationCandidatesContract;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.EscalationCandidates;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;

class InMemoryEscalationCandidatesTest extends EscalationCandidatesContract {

  private final InMemoryAlertRepository alerts = new InMemoryAlertRepository(new InMemoryOutbox());
  private final InMemoryAlertRuleRepository rules = new InMemoryAlertRuleRepository();
  private final InMemoryEscalationCandidates candidates =
      new InMemoryEscalationCandidates(alerts, rules);

  @Override
  protected EscalationCandidates candidates() {
    return candidates;
  }

  @Override
  protected AlertRepository alerts() {
    return alerts;
  }

  @Override
  protected AlertRuleRepository rules() {
    return rules;
  }

  @Override
  protected void givenDevice(Device device) {
    // alerts in memory refer to devices by id only
  }
}
