package dev.fieldops.telemetry.application;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;

import dev.fieldops.kernel.AfterCommit;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.application.command.AcknowledgeAlert;
import dev.fieldops.telemetry.application.command.CheckSilenceHandler;
import dev.fieldops.telemetry.application.command.CreateAlertRule;
import dev.fieldops.telemetry.application.command.DecommissionDevice;
import dev.fieldops.telemetry.application.command.DeleteAlertRule;
import dev.fieldops.telemetry.application.command.EscalateOverdueAlertsHandler;
import dev.fieldops.telemetry.application.command.IngestReadings;
import dev.fieldops.telemetry.application.command.IngestResult;
import dev.fieldops.telemetry.application.command.RegisterDevice;
import dev.fieldops.telemetry.application.command.UpdateAlertRule;
import dev.fieldops.telemetry.application.evaluation.EvaluationRunner;
import dev.fieldops.telemetry.application.evaluation.EvaluatorRegistry;
import dev.fieldops.telemetry.application.feed.InProcessAlertFeed;
import dev.fieldops.telemetry.application.query.GetAlertHandler;
import dev.fieldops.telemetry.application.query.GetAlertRuleHandler;
import dev.fieldops.telemetry.application.query.GetDeviceHandler;
import dev.fieldops.telemetry.application.query.ListAlertRulesHandler;
import dev.fieldops.telemetry.application.query.ListAlertsHandler;
import dev.fieldops.telemetry.application.query.ListDevicesHandler;
import dev.fieldops.telemetry.application.query.QueryReadingsHandler;
import dev.fieldops.telemetry.application.query.WatchAlertsHandler;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertFilter;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceKind;
import dev.fieldops.telemetry.domain.reading.IngestPolicy;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.fake.InMemoryAlertRepository;
import dev.fieldops.telemetry.fake.InMemoryAlertRuleRepository;
import dev.fieldops.telemetry.fake.InMemoryDeviceRepository;
import dev.fieldops.telemetry.fake.InMemoryEscalationCandidates;
import dev.fieldops.telemetry.fake.InMemoryEvaluationStateStore;
import dev.fieldops.telemetry.fake.InMemoryOutbox;
import dev.fieldops.telemetry.fake.InMemoryReadingStore;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.Stamps;
import dev.fieldops.test.time.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The service's {@link TelemetryApplication} over in-memory ports, the graph the composition root
 * builds over the real ones, without decorators (the fakes' calls are atomic, no transaction
 * needed); plus a few steps in domain words for tests. {@link #restart()} gives a new process over
 * the same stores: everything in memory (evaluators, watchers) is gone.
 */
public final class TelemetryApp {

  public final TestClock clock;
  public final InMemoryOutbox outbox;
  public final InMemoryDeviceRepository devices;
  public final InMemoryAlertRuleRepository rules;
  public final InMemoryAlertRepository alerts;
  public final InMemoryReadingStore readings;
  public final InMemoryEvaluationStateStore checkpoints;

  public final TelemetryApplication application;
  public final InProcessAlertFeed feed;
  public final EvaluatorRegistry registry;
  public final EvaluationRunner runner;

  public final CommandHandler<RegisterDevice, DeviceData> registerDevice;
  public final CommandHandler<DecommissionDevice, DeviceData> decommissionDevice;
  public final CommandHandler<CreateAlertRule, AlertRule> createAlertRule;
  public final CommandHandler<UpdateAlertRule, AlertRule> updateAlertRule;
  public final CommandHandler<DeleteAlertRule, AlertRule> deleteAlertRule;
  public final CommandHandler<AcknowledgeAlert, AlertData> acknowledgeAlert;
  public final CommandHandler<IngestReadings, IngestResult> ingestReadings;
  public final CheckSilenceHandler checkSilence;
  public final EscalateOverdueAlertsHandler escalateOverdue;
  public final GetDeviceHandler getDevice;
  public final ListDevicesHandler listDevices;
  public final GetAlertRuleHandler getAlertRule;
  public final ListAlertRulesHandler listAlertRules;
  public final GetAlertHandler getAlert;
  public final ListAlertsHandler listAlerts;
  public final QueryReadingsHandler queryReadings;
  public final WatchAlertsHandler watchAlerts;

  private TelemetryApp(
      TestClock clock,
      InMemoryOutbox outbox,
      InMemoryDeviceRepository devices,
      InMemoryAlertRuleRepository rules,
      InMemoryAlertRepository alerts,
      InMemoryReadingStore readings,
      InMemoryEvaluationStateStore checkpoints) {
    this.clock = clock;
    this.outbox = outbox;
    this.devices = devices;
    this.rules = rules;
    this.alerts = alerts;
    this.readings = readings;
    this.checkpoints = checkpoints;
    application =
        TelemetryApplication.create(
            new TelemetryApplication.Ports(
                devices,
                devices,
                rules,
                rules,
                alerts,
                readings,
                checkpoints,
                new InMemoryEscalationCandidates(alerts, rules)),
            IngestPolicy.DEFAULT,
            3,
            clock,
            new UuidV7(clock)::next,
            List.of(),
            AfterCommit.immediately());
    feed = application.feed();
    registry = application.registry();
    runner = application.runner();
    registerDevice = application.registerDevice();
    decommissionDevice = application.decommissionDevice();
    createAlertRule = application.createAlertRule();
    updateAlertRule = application.updateAlertRule();
    deleteAlertRule = application.deleteAlertRule();
    acknowledgeAlert = application.acknowledgeAlert();
    ingestReadings = application.ingestReadings();
    checkSilence = application.checkSilence();
    escalateOverdue = application.escalateOverdue();
    getDevice = application.getDevice();
    listDevices = application.listDevices();
    getAlertRule = application.getAlertRule();
    listAlertRules = application.listAlertRules();
    getAlert = application.getAlert();
    listAlerts = application.listAlerts();
    queryReadings = application.queryReadings();
    watchAlerts = application.watchAlerts();
  }

  /** A fresh application with empty stores, its clock at {@link Stamps#T0}. */
  public static TelemetryApp start() {
    var outbox = new InMemoryOutbox();
    var readings = new InMemoryReadingStore();
    return new TelemetryApp(
        TestClock.at(Stamps.T0),
        outbox,
        new InMemoryDeviceRepository(outbox),
        new InMemoryAlertRuleRepository(),
        new InMemoryAlertRepository(outbox),
        readings,
        new InMemoryEvaluationStateStore().joinedBy(readings::savepoint));
  }

  /** The same stores and clock in a new process: nothing in memory survives. */
  public TelemetryApp restart() {
    return new TelemetryApp(clock, outbox, devices, rules, alerts, readings, checkpoints);
  }

  // --- steps in domain words ---

  /** An operator registers a freezer for the customer. */
  public Device freezerOf(CustomerId customer) {
    return Device.rehydrate(
        registerDevice.handle(
            new RegisterDevice(
                Principals.operator(),
                customer,
                "Freezer",
                "Back store",
                DeviceKind.FREEZER,
                Optional.empty())));
  }

  /** An operator creates a rule on one device. */
  public AlertRule ruleOn(Device device, Severity severity, Condition condition) {
    return createAlertRule.handle(
        new CreateAlertRule(
            Principals.operator(),
            device.customerId(),
            new RuleTarget.SingleDevice(device.id()),
            condition.kind() + " on " + device.id(),
            Metric.TEMPERATURE_CELSIUS,
            severity,
            true,
            condition));
  }

  /**
   * An operator creates a WARNING rule on one device whose alerts escalate to CRITICAL after {@code
   * delay} ACTIVE.
   */
  public AlertRule ruleEscalatingAfter(Device device, Duration delay, Condition condition) {
    return createAlertRule.handle(
        new CreateAlertRule(
            Principals.operator(),
            device.customerId(),
            new RuleTarget.SingleDevice(device.id()),
            condition.kind() + " on " + device.id() + ", escalating after " + delay,
            Metric.TEMPERATURE_CELSIUS,
            Severity.WARNING,
            Optional.of(delay),
            true,
            condition));
  }

  /** An operator creates a rule for every device of the customer. */
  public AlertRule ruleOnAllDevicesOf(CustomerId customer, Severity severity, Condition condition) {
    return createAlertRule.handle(
        new CreateAlertRule(
            Principals.operator(),
            customer,
            new RuleTarget.AllCustomerDevices(),
            condition.kind() + " everywhere",
            Metric.TEMPERATURE_CELSIUS,
            severity,
            true,
            condition));
  }

  /** Moves the clock to {@code minutes} past T0 (never back). */
  public void at(double minutes) {
    var target = minute(minutes);
    if (target.isAfter(clock.instant())) {
      clock.set(target);
    }
  }

  /** The device itself reports temperatures (minute, value, minute, value, ...) in one batch. */
  public IngestResult report(Device device, double... minuteValuePairs) {
    var submissions = new ReadingSubmission[minuteValuePairs.length / 2];
    double latest = 0;
    for (int i = 0; i < minuteValuePairs.length; i += 2) {
      submissions[i / 2] =
          new ReadingSubmission(
              device.id().toString(),
              Metric.TEMPERATURE_CELSIUS,
              minuteValuePairs[i + 1],
              minute(minuteValuePairs[i]));
      latest = Math.max(latest, minuteValuePairs[i]);
    }
    at(latest);
    return ingest(Principals.sensor(device.id()), submissions);
  }

  public IngestResult ingest(Principal principal, ReadingSubmission... submissions) {
    return ingestReadings.handle(new IngestReadings(principal, Arrays.asList(submissions)));
  }

  /** Every alert of the device, newest first. */
  public List<Alert> alertsOf(DeviceId device) {
    return alerts
        .list(
            new AlertFilter(
                Optional.empty(),
                Optional.of(device),
                Optional.empty(),
                Set.of(),
                Optional.empty()),
            AccessScope.everyone(),
            PageRequest.first(500))
        .items();
  }

  /** The single alert of the device. */
  public Alert onlyAlertOf(DeviceId device) {
    var all = alertsOf(device);
    if (all.size() != 1) {
      throw new AssertionError("expected one alert of " + device + " but found " + all.size());
    }
    return all.getFirst();
  }

  /** An operator acknowledges the alert. */
  public AlertData acknowledge(Alert alert) {
    return acknowledgeAlert.handle(
        new AcknowledgeAlert(Principals.operator(), alert.id(), ExpectedVersion.any()));
  }

  public Instant now() {
    return clock.instant();
  }
}
