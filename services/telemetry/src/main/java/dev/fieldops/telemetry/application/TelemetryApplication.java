package dev.fieldops.telemetry.application;

import dev.fieldops.kernel.AfterCommit;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.telemetry.application.command.AcknowledgeAlert;
import dev.fieldops.telemetry.application.command.AcknowledgeAlertHandler;
import dev.fieldops.telemetry.application.command.CheckSilenceHandler;
import dev.fieldops.telemetry.application.command.CreateAlertRule;
import dev.fieldops.telemetry.application.command.CreateAlertRuleHandler;
import dev.fieldops.telemetry.application.command.DecommissionDevice;
import dev.fieldops.telemetry.application.command.DecommissionDeviceHandler;
import dev.fieldops.telemetry.application.command.DeleteAlertRule;
import dev.fieldops.telemetry.application.command.DeleteAlertRuleHandler;
import dev.fieldops.telemetry.application.command.EscalateOverdueAlertsHandler;
import dev.fieldops.telemetry.application.command.IngestReadings;
import dev.fieldops.telemetry.application.command.IngestReadingsHandler;
import dev.fieldops.telemetry.application.command.IngestResult;
import dev.fieldops.telemetry.application.command.RegisterDevice;
import dev.fieldops.telemetry.application.command.RegisterDeviceHandler;
import dev.fieldops.telemetry.application.command.UpdateAlertRule;
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
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.EscalationCandidates;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import dev.fieldops.telemetry.domain.reading.IngestPolicy;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every use case of telemetry, built once from the ports: the production wiring and the tests use
 * this same graph, the first over PostgreSQL with the platform's decorators, the second over
 * in-memory fakes. It also holds what lives only in the process and the use cases share: the live
 * alert feed, the evaluators and the runner that drives them; building it again over the same ports
 * is what a restart of the process is.
 *
 * <p>Each command an adapter reaches is wrapped in the decorators given to {@link #create}, the
 * first outermost; production passes the transaction decorator, so a command's writes and their
 * outbox rows commit together and the command is retried as a whole on a serialization failure.
 * Where a command has consequences that must follow its commit (telling the alert watchers,
 * clearing the open alerts of a decommissioned device or a removed rule in a second transaction),
 * the handler hands them to the {@link AfterCommit} given to {@link #create}: production passes the
 * transaction decorator's hook, so they run once the outermost transaction has committed and never
 * after a rollback. Ingesting readings is not wrapped: each evaluation pass (ingest, silence check)
 * owns one transaction, opened by the evaluation state store with the devices' state locks held, in
 * which the batch's readings, alert changes and new evaluator states commit together; the
 * evaluators in memory are a cache of what was committed. The timers' use cases (silence check,
 * escalation scan) are not wrapped either: they commit device chunk by chunk or alert by alert.
 */
public record TelemetryApplication(
    InProcessAlertFeed feed,
    EvaluatorRegistry registry,
    EvaluationRunner runner,
    CommandHandler<RegisterDevice, DeviceData> registerDevice,
    GetDeviceHandler getDevice,
    ListDevicesHandler listDevices,
    CommandHandler<DecommissionDevice, DeviceData> decommissionDevice,
    CommandHandler<IngestReadings, IngestResult> ingestReadings,
    QueryReadingsHandler queryReadings,
    CommandHandler<CreateAlertRule, AlertRule> createAlertRule,
    GetAlertRuleHandler getAlertRule,
    ListAlertRulesHandler listAlertRules,
    CommandHandler<UpdateAlertRule, AlertRule> updateAlertRule,
    CommandHandler<DeleteAlertRule, AlertRule> deleteAlertRule,
    ListAlertsHandler listAlerts,
    GetAlertHandler getAlert,
    CommandHandler<AcknowledgeAlert, AlertData> acknowledgeAlert,
    WatchAlertsHandler watchAlerts,
    CheckSilenceHandler checkSilence,
    EscalateOverdueAlertsHandler escalateOverdue) {

  /**
   * This application with {@code observer} around the ingest of readings, for decorators that only
   * look (metrics of each batch's result), never a transaction: see above why ingest is not wrapped
   * in the decorators given to {@link #create}.
   */
  public TelemetryApplication observingIngest(CommandDecorator observer) {
    return new TelemetryApplication(
        feed,
        registry,
        runner,
        registerDevice,
        getDevice,
        listDevices,
        decommissionDevice,
        observer.decorate(ingestReadings),
        queryReadings,
        createAlertRule,
        getAlertRule,
        listAlertRules,
        updateAlertRule,
        deleteAlertRule,
        listAlerts,
        getAlert,
        acknowledgeAlert,
        watchAlerts,
        checkSilence,
        escalateOverdue);
  }

  /** The ports telemetry's use cases run on. */
  public record Ports(
      DeviceRepository devices,
      DeviceDirectory directory,
      AlertRuleRepository rules,
      RuleBook ruleBook,
      AlertRepository alerts,
      ReadingStore readings,
      EvaluationStateStore evaluationStates,
      EscalationCandidates escalationCandidates) {

    public Ports {
      Objects.requireNonNull(devices, "devices");
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(rules, "rules");
      Objects.requireNonNull(ruleBook, "ruleBook");
      Objects.requireNonNull(alerts, "alerts");
      Objects.requireNonNull(readings, "readings");
      Objects.requireNonNull(evaluationStates, "evaluationStates");
      Objects.requireNonNull(escalationCandidates, "escalationCandidates");
    }
  }

  /**
   * The use cases over {@code ports}, with the ingest window, how often one evaluation is tried
   * before its reading is left to the next, the clock and ids of the caller, its command decorators
   * (first outermost) and what runs work after their transaction commits.
   */
  public static TelemetryApplication create(
      Ports ports,
      IngestPolicy ingestPolicy,
      int evaluationAttempts,
      Clock clock,
      Supplier<UUID> ids,
      List<? extends CommandDecorator> decorators,
      AfterCommit afterCommit) {
    var chain = CommandDecorator.chain(decorators);
    var feed = new InProcessAlertFeed();
    var registry =
        new EvaluatorRegistry(
            ports.evaluationStates(), ports.readings(), ReplayPolicy.DEFAULT, ids.get());
    var runner =
        new EvaluationRunner(
            registry, ports.ruleBook(), ports.alerts(), feed, clock, ids, evaluationAttempts);
    var devices = ports.devices();
    var rules = ports.rules();
    var alerts = ports.alerts();
    return new TelemetryApplication(
        feed,
        registry,
        runner,
        chain.decorate(new RegisterDeviceHandler(devices, clock, ids)),
        new GetDeviceHandler(devices),
        new ListDevicesHandler(devices),
        chain.decorate(
            new DecommissionDeviceHandler(
                devices, ports.directory(), runner, clock, ids, afterCommit)),
        // Not decorated: the hot path owns its transactions (see above).
        new IngestReadingsHandler(ports.directory(), ports.readings(), runner, ingestPolicy, clock),
        new QueryReadingsHandler(devices, ports.readings()),
        chain.decorate(new CreateAlertRuleHandler(rules, devices, ports.ruleBook(), clock, ids)),
        new GetAlertRuleHandler(rules),
        new ListAlertRulesHandler(rules, devices),
        chain.decorate(
            new UpdateAlertRuleHandler(
                rules, ports.ruleBook(), alerts, runner, clock, ids, afterCommit)),
        chain.decorate(
            new DeleteAlertRuleHandler(rules, ports.ruleBook(), alerts, runner, afterCommit)),
        new ListAlertsHandler(alerts),
        new GetAlertHandler(alerts),
        chain.decorate(new AcknowledgeAlertHandler(alerts, feed, clock, ids, afterCommit)),
        new WatchAlertsHandler(feed),
        new CheckSilenceHandler(ports.ruleBook(), ports.directory(), runner, clock),
        new EscalateOverdueAlertsHandler(
            ports.escalationCandidates(), alerts, rules, feed, clock, ids));
  }
}
