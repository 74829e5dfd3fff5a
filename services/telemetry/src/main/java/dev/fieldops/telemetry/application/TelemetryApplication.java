package dev.fieldops.telemetry.application;

import dev.fieldops.telemetry.application.shared.StampSource;
import dev.fieldops.telemetry.application.command.AcknowledgeAlertHandler;
import dev.fieldops.telemetry.application.command.CheckSilenceHandler;
import dev.fieldops.telemetry.application.command.CheckpointEvaluatorsHandler;
import dev.fieldops.telemetry.application.command.CreateAlertRuleHandler;
import dev.fieldops.telemetry.application.command.DecommissionDeviceHandler;
import dev.fieldops.telemetry.application.command.DeleteAlertRuleHandler;
import dev.fieldops.telemetry.application.command.EscalateOverdueAlertsHandler;
import dev.fieldops.telemetry.application.command.IngestReadingsHandler;
import dev.fieldops.telemetry.application.command.RegisterDeviceHandler;
import dev.fieldops.telemetry.application.command.UpdateAlertRuleHandler;
import dev.fieldops.telemetry.application.evaluation.EvaluationRunner;
import dev.fieldops.telemetry.application.evaluation.EvaluatorRegistry;
import dev.fieldops.telemetry.application.evaluation.ReplayPolicy;
import dev.fieldops.telemetry.application.feed.InProcessAlertFeed;
import dev.fieldops.telemetry.application.query.GetAlertHandler;
import dev.fieldops.telemetry.application.query.GetAlertRuleHandler;
import dev.fieldops.telemetry.application.query.GetDeviceHandler;
import dev.fieldops.telemetry.application.query.ListAlertRulesHandler;
import dev.fieldops.telemetry.application.query.ListAlertsHandler;
import dev.fieldops.telemetry.application.query.ListDevicesHandler;
import dev.fieldops.telemetry.application.query.QueryReadingsHandler;
import dev.fieldops.telemetry.application.query.WatchAlertsHandler;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.EscalationCandidates;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import dev.fieldops.telemetry.domain.reading.IngestPolicy;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import java.time.Clock;
import java.util.Objects;

/**
 * Every use case of telemetry, built once from the ports: the production wiring and the tests use
 * this same graph, the first over PostgreSQL, the second over in-memory fakes. It also holds what
 * lives only in the process and the use cases share: the live alert feed, the stamps, the
 * evaluators and the runner that drives them; building it again over the same ports is what a
 * restart of the process is.
 */
public record TelemetryApplication(
    InProcessAlertFeed feed,
    StampSource stamps,
    EvaluatorRegistry registry,
    EvaluationRunner runner,
    RegisterDeviceHandler registerDevice,
    GetDeviceHandler getDevice,
    ListDevicesHandler listDevices,
    DecommissionDeviceHandler decommissionDevice,
    IngestReadingsHandler ingestReadings,
    QueryReadingsHandler queryReadings,
    CreateAlertRuleHandler createAlertRule,
    GetAlertRuleHandler getAlertRule,
    ListAlertRulesHandler listAlertRules,
    UpdateAlertRuleHandler updateAlertRule,
    DeleteAlertRuleHandler deleteAlertRule,
    ListAlertsHandler listAlerts,
    GetAlertHandler getAlert,
    AcknowledgeAlertHandler acknowledgeAlert,
    WatchAlertsHandler watchAlerts,
    CheckSilenceHandler checkSilence,
    EscalateOverdueAlertsHandler escalateOverdue,
    CheckpointEvaluatorsHandler checkpoint) {

  /** The ports telemetry's use cases run on. */
  public record Ports(
      DeviceRepository devices,
      DeviceDirectory directory,
      AlertRuleRepository rules,
      RuleBook ruleBook,
      AlertRepository alerts,
      ReadingStore readings,
      EvaluationStateStore checkpoints,
      EscalationCandidates escalationCandidates) {

    public Ports {
      Objects.requireNonNull(devices, "devices");
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(rules, "rules");
      Objects.requireNonNull(ruleBook, "ruleBook");
      Objects.requireNonNull(alerts, "alerts");
      Objects.requireNonNull(readings, "readings");
      Objects.requireNonNull(checkpoints, "checkpoints");
      Objects.requireNonNull(escalationCandidates, "escalationCandidates");
    }
  }

  /**
   * The use cases over {@code ports}, with the ingest window, how often one evaluation is tried
   * before its reading is left to the next, and the caller's clock.
   */
  public static TelemetryApplication create(
      Ports ports, IngestPolicy ingestPolicy, int evaluationAttempts, Clock clock) {
    var feed = new InProcessAlertFeed();
    var stamps = new StampSource(clock);
    var registry =
        new EvaluatorRegistry(ports.checkpoints(), ports.readings(), ReplayPolicy.DEFAULT);
    var runner = new EvaluationRunner(
        registry, ports.ruleBook(), ports.alerts(), feed, stamps, evaluationAttempts);
    var devices = ports.devices();
    var rules = ports.rules();
    var alerts = ports.alerts();
    return new TelemetryApplication(
        feed,
        stamps,
        registry,
        runner,
        new RegisterDeviceHandler(devices, stamps),
        new GetDeviceHandler(devices),
        new ListDevicesHandler(devices),
        new DecommissionDeviceHandler(
            devices, ports.directory(), alerts, runner, registry, ports.checkpoints(), stamps),
        new IngestReadingsHandler(ports.directory(), ports.readings(), runner, ingestPolicy, clock),
        new QueryReadingsHandler(devices, ports.readings()),
        new CreateAlertRuleHandler(rules, devices, ports.ruleBook(), stamps),
        new GetAlertRuleHandler(rules),
        new ListAlertRulesHandler(rules, devices),
        new UpdateAlertRuleHandler(rules, ports.ruleBook(), alerts, runner, stamps),
        new DeleteAlertRuleHandler(rules, ports.ruleBook(), alerts, runner),
        new ListAlertsHandler(alerts),
        new GetAlertHandler(alerts),
        new AcknowledgeAlertHandler(alerts, feed, stamps),
        new WatchAlertsHandler(feed),
        new CheckSilenceHandler(ports.ruleBook(), ports.directory(), runner, clock),
        new EscalateOverdueAlertsHandler(
            ports.escalationCandidates(), alerts, rules, feed, stamps),
        new CheckpointEvaluatorsHandler(registry, ports.checkpoints()));
  }
}
