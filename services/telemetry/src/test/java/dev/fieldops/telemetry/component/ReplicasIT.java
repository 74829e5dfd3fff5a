package dev.fieldops.telemetry.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import dev.fieldops.telemetry.v1.AlertChangeType;
import dev.fieldops.telemetry.v1.AlertRule;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.CreateAlertRuleRequest;
import dev.fieldops.telemetry.v1.DecommissionDeviceRequest;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.RateOfChangeCondition;
import dev.fieldops.telemetry.v1.Reading;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.SustainedCondition;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import dev.fieldops.telemetry.v1.UpdateAlertRuleRequest;
import dev.fieldops.telemetry.v1.WatchAlertsRequest;
import dev.fieldops.test.grpc.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Telemetry as several replicas on one database, as behind a load balancer: the same recorded
 * reading sequence through one instance and through three (each batch to any replica, two batches
 * of one device at once on two replicas, late readings of a metric whose passes write no state)
 * raises and clears exactly the same alerts; a device's breach in progress survives the replica
 * that evaluated it; and a watcher on one replica sees the alerts raised on another, within its
 * customer's scope.
 */
class ReplicasIT {

  private static final String CUSTOMER = "replicas";
  private static final int DEVICES = 6;
  private static final int READINGS_PER_DEVICE = 90;
  private static final long SEED = 17;

  // ---------------------------------------------------------------- the recorded sequence

  /** One batch: readings of one device and one metric, sent in one StreamReadings call. */
  private record Batch(int device, Metric metric, List<double[]> points) {}

  /**
   * Rounds of batches, generated from a fixed seed. In each round every device has one temperature
   * batch and one humidity batch, which go out at the same time (to two replicas in the replicated
   * run); rounds go one after the other, so each device's readings of one metric arrive in the same
   * order in both runs. Points are {seconds after the base, value}; some batches repeat an earlier
   * reading (a duplicate) or carry one older than the device's latest (late).
   */
  private static List<List<Batch>> recordedSequence() {
    var random = new Random(SEED);
    var rounds = new ArrayList<List<Batch>>();
    var temperature = new double[DEVICES];
    var humidity = new double[DEVICES];
    var next = new int[DEVICES];
    for (int d = 0; d < DEVICES; d++) {
      temperature[d] = -18 + random.nextDouble() * 2;
      humidity[d] = 60;
    }
    while (true) {
      var round = new ArrayList<Batch>();
      for (int d = 0; d < DEVICES; d++) {
        if (next[d] >= READINGS_PER_DEVICE) {
          continue;
        }
        int size = 1 + random.nextInt(4);
        var temperatures = new ArrayList<double[]>();
        var humidities = new ArrayList<double[]>();
        for (int i = 0; i < size && next[d] < READINGS_PER_DEVICE; i++, next[d]++) {
          int second = next[d] * 10;
          // A random walk with excursions above -15 (threshold, sustained) and jumps (rate).
          double step = random.nextGaussian() * 0.8;
          if (random.nextInt(12) == 0) {
            step += random.nextBoolean() ? 4 : -4;
          }
          temperature[d] = Math.max(-22, Math.min(-8, temperature[d] + step));
          temperatures.add(new double[] {second, Math.round(temperature[d] * 10) / 10.0});
          humidity[d] = Math.max(40, Math.min(95, humidity[d] + random.nextGaussian() * 6));
          humidities.add(new double[] {second, Math.round(humidity[d])});
        }
        if (random.nextInt(8) == 0 && next[d] > 2) {
          temperatures.add(temperatures.getFirst()); // a duplicate
        }
        if (random.nextInt(10) == 0 && next[d] > 6) {
          int older = (next[d] - 6) * 10 + 5;
          temperatures.add(new double[] {older, -5}); // late: never evaluated
          // Humidity has only a THRESHOLD rule: its passes change nothing but progress and write
          // no state, so only the stored readings tell the other replicas that this one is late.
          humidities.add(new double[] {older, 99});
        }
        round.add(new Batch(d, Metric.METRIC_TEMPERATURE_CELSIUS, temperatures));
        round.add(new Batch(d, Metric.METRIC_HUMIDITY_PERCENT, humidities));
      }
      if (round.isEmpty()) {
        return rounds;
      }
      rounds.add(round);
    }
  }

  /** The rules of the scenario: one customer-wide rule of each kind that readings can trigger. */
  private static List<AlertRule> rules() {
    return List.of(
        rule(
            "hot",
            Metric.METRIC_TEMPERATURE_CELSIUS,
            AlertSeverity.ALERT_SEVERITY_WARNING,
            AlertRule.newBuilder()
                .setThreshold(
                    ThresholdCondition.newBuilder()
                        .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                        .setRaiseLevel(-15)
                        .setClearLevel(-16.5))),
        rule(
            "very hot",
            Metric.METRIC_TEMPERATURE_CELSIUS,
            AlertSeverity.ALERT_SEVERITY_CRITICAL,
            AlertRule.newBuilder()
                .setThreshold(
                    ThresholdCondition.newBuilder()
                        .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                        .setRaiseLevel(-12)
                        .setClearLevel(-13))),
        rule(
            "jump",
            Metric.METRIC_TEMPERATURE_CELSIUS,
            AlertSeverity.ALERT_SEVERITY_WARNING,
            AlertRule.newBuilder()
                .setRateOfChange(
                    RateOfChangeCondition.newBuilder()
                        .setMaxDelta(3)
                        .setWindow(Duration.newBuilder().setSeconds(120)))),
        rule(
            "warm for two minutes",
            Metric.METRIC_TEMPERATURE_CELSIUS,
            AlertSeverity.ALERT_SEVERITY_CRITICAL,
            AlertRule.newBuilder()
                .setSustained(
                    SustainedCondition.newBuilder()
                        .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                        .setLevel(-16)
                        .setDuration(Duration.newBuilder().setSeconds(120)))),
        rule(
            "damp",
            Metric.METRIC_HUMIDITY_PERCENT,
            AlertSeverity.ALERT_SEVERITY_WARNING,
            AlertRule.newBuilder()
                .setThreshold(
                    ThresholdCondition.newBuilder()
                        .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                        .setRaiseLevel(75)
                        .setClearLevel(70))));
  }

  private static AlertRule rule(
      String name, Metric metric, AlertSeverity severity, AlertRule.Builder condition) {
    return condition
        .setCustomerId(CUSTOMER)
        .setDisplayName(name)
        .setMetric(metric)
        .setSeverity(severity)
        .build();
  }

  // ---------------------------------------------------------------- running it

  /** What one run produced, in terms both runs share (device index, rule name, relative times). */
  private record Outcome(Map<String, List<String>> alertsByDeviceAndRule, int alerts) {}

  private static Outcome run(List<RunningTelemetry> replicas, List<List<Batch>> rounds)
      throws Exception {
    var first = replicas.getFirst();
    var token = first.customer(CUSTOMER);
    for (AlertRule rule : rules()) {
      first
          .as(token)
          .createAlertRule(
              CreateAlertRuleRequest.newBuilder()
                  .setRequestId(UUID.randomUUID().toString())
                  .setAlertRule(rule)
                  .build());
    }
    var devices = new ArrayList<Device>();
    for (int d = 0; d < DEVICES; d++) {
      devices.add(first.freezerOf(CUSTOMER));
    }
    var base = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    var operator = first.operator();
    var pool = Executors.newFixedThreadPool(2 * DEVICES);
    try {
      int sent = 0;
      for (List<Batch> round : rounds) {
        var calls = new ArrayList<CompletableFuture<Void>>();
        for (Batch batch : round) {
          var replica = replicas.get(sent++ % replicas.size());
          var device = devices.get(batch.device()).getDeviceId();
          var readings = new ArrayList<Reading>();
          for (double[] point : batch.points()) {
            readings.add(
                reading(device, batch.metric(), base.plusSeconds((long) point[0]), point[1]));
          }
          var message = StreamReadingsRequest.newBuilder().addAllReadings(readings).build();
          calls.add(
              CompletableFuture.runAsync(
                  () -> {
                    try {
                      replica.stream(operator, List.of(message));
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  },
                  pool));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return outcome(first, devices, base);
  }

  private static Reading reading(String device, Metric metric, Instant observed, double value) {
    return Reading.newBuilder()
        .setDeviceId(device)
        .setMetric(metric)
        .setValue(value)
        .setObserveTime(
            com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(observed.getEpochSecond())
                .setNanos(observed.getNano()))
        .build();
  }

  /** Every alert of the run, per device and rule, in raise order, with times relative to base. */
  private static Outcome outcome(RunningTelemetry service, List<Device> devices, Instant base)
      throws SQLException {
    var index = new HashMap<String, Integer>();
    for (int d = 0; d < devices.size(); d++) {
      index.put(devices.get(d).getDeviceId(), d);
    }
    var byKey = new java.util.TreeMap<String, List<String>>();
    int alerts = 0;
    try (var connection = service.env.database().connect();
        var statement =
            connection.prepareStatement(
                "SELECT a.device_id, r.display_name, a.condition_kind, a.severity, a.state,"
                    + " a.raise_value, a.peak_value, a.last_value,"
                    + " extract(epoch FROM a.first_breach_time - ?::timestamptz),"
                    + " extract(epoch FROM a.last_breach_time - ?::timestamptz), a.clear_cause,"
                    + " a.version"
                    + " FROM alert a JOIN alert_rule r ON r.rule_id = a.rule_id"
                    + " ORDER BY a.first_breach_time, a.raise_time, a.alert_id")) {
      statement.setObject(1, base.atOffset(java.time.ZoneOffset.UTC));
      statement.setObject(2, base.atOffset(java.time.ZoneOffset.UTC));
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          alerts++;
          var key = "device " + index.get(rows.getString(1)) + " / " + rows.getString(2);
          var alert =
              String.join(
                  " ",
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  "raise=" + rows.getDouble(6),
                  "peak=" + rows.getDouble(7),
                  "last=" + rows.getDouble(8),
                  "first=" + rows.getBigDecimal(9).stripTrailingZeros().toPlainString() + "s",
                  "lastBreach=" + rows.getBigDecimal(10).stripTrailingZeros().toPlainString() + "s",
                  "cause=" + rows.getString(11),
                  "v" + rows.getLong(12));
          byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(alert);
        }
      }
    }
    return new Outcome(byKey, alerts);
  }

  // ---------------------------------------------------------------- the tests

  @Test
  void three_replicas_raise_and_clear_exactly_the_alerts_one_instance_does() throws Exception {
    var rounds = recordedSequence();

    Outcome single;
    try (var one = RunningTelemetry.start(Map.of())) {
      single = run(List.of(one), rounds);
    }
    Outcome replicated;
    try (var a = RunningTelemetry.start(Map.of());
        var b = a.startReplica();
        var c = a.startReplica()) {
      replicated = run(List.of(a, b, c), rounds);
    }

    // The scenario is worth comparing: every kind of rule raised, and alerts cleared again.
    var kinds = String.join("\n", single.alertsByDeviceAndRule().toString());
    assertThat(kinds).contains("THRESHOLD", "RATE_OF_CHANGE", "SUSTAINED", "CLEARED");
    assertThat(single.alerts()).isGreaterThan(10);
    assertThat(replicated.alertsByDeviceAndRule())
        .containsExactlyEntriesOf(single.alertsByDeviceAndRule());
  }

  private static void createRule(RunningTelemetry service, String customer, AlertRule rule) {
    service
        .as(service.customer(customer))
        .createAlertRule(
            CreateAlertRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAlertRule(rule.toBuilder().setCustomerId(customer))
                .build());
  }

  private static long count(RunningTelemetry service, String sql, Object... parameters) {
    return service.count(sql, parameters);
  }

  @Test
  void a_reading_made_late_by_passes_that_wrote_no_state_is_late_at_another_replica()
      throws Exception {
    try (var a = RunningTelemetry.start(Map.of());
        var b = a.startReplica()) {
      var customer = "progress";
      var freezer = a.freezerOf(customer);
      createRule(a, customer, hotAbove(customer, freezer, -15, -17));
      var device = freezer.getDeviceId();
      var start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
      var stateVersion = "SELECT version FROM device_evaluation WHERE device_id = ?::uuid";
      var alerts = "SELECT count(*) FROM alert WHERE device_id = ?::uuid";

      // Replica A: the first reading writes the state; the next ones move only its progress.
      a.report(freezer, start, -18);
      long written = count(a, stateVersion, device);
      a.report(freezer, start.plusSeconds(10), -18);
      a.report(freezer, start.plusSeconds(20), -18);
      assertThat(count(a, stateVersion, device))
          .as("progress alone is not written")
          .isEqualTo(written);

      // Replica B restores the state A wrote (first reading) and learns the rest from the readings;
      // its pass writes the state under B's name, so A's cached evaluator is stale from now on.
      b.report(freezer, start.plusSeconds(15), -10);
      assertThat(count(a, alerts, device)).as("late at B by A's progress").isZero();
      b.report(freezer, start.plusSeconds(30), -18);
      a.report(freezer, start.plusSeconds(25), -10);
      assertThat(count(a, alerts, device)).as("late at A by B's progress").isZero();
      a.report(freezer, start.plusSeconds(40), -10);
      assertThat(count(a, alerts, device)).as("the rule does raise").isEqualTo(1);
    }
  }

  @Test
  void a_breach_in_progress_moves_to_another_replica_when_its_replica_stops() throws Exception {
    try (var base = RunningTelemetry.start(Map.of());
        var b = base.startReplica()) {
      var a = base.startReplica();
      var customer = "failover";
      var freezer = base.freezerOf(customer);
      createRule(
          base,
          customer,
          rule(
              "warm for two minutes",
              Metric.METRIC_TEMPERATURE_CELSIUS,
              AlertSeverity.ALERT_SEVERITY_CRITICAL,
              AlertRule.newBuilder()
                  .setDeviceId(freezer.getDeviceId())
                  .setSustained(
                      SustainedCondition.newBuilder()
                          .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                          .setLevel(-15)
                          .setDuration(Duration.newBuilder().setSeconds(120)))));
      createRule(base, customer, hotAbove(customer, freezer, -15, -17));
      var start = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
      // Replica A evaluates the first minute of the breach, then stops.
      a.report(freezer, start, -10);
      a.report(freezer, start.plusSeconds(30), -10);
      a.report(freezer, start.plusSeconds(60), -9);
      a.close();
      var device = freezer.getDeviceId();
      assertThat(count(base, "SELECT count(*) FROM alert WHERE device_id = ?::uuid", device))
          .as("only the threshold alert so far")
          .isEqualTo(1);

      // Replica B goes on from the state A left: the sustained breach fires at the same reading
      // as on one instance (two minutes after A's first warm reading), and A's open alert clears
      // at B.
      b.report(freezer, start.plusSeconds(90), -10);
      assertThat(count(base, "SELECT count(*) FROM alert WHERE device_id = ?::uuid", device))
          .isEqualTo(1);
      b.report(freezer, start.plusSeconds(120), -11);
      assertThat(
              count(
                  base,
                  "SELECT count(*) FROM alert WHERE device_id = ?::uuid"
                      + " AND condition_kind = 'SUSTAINED' AND first_breach_time = ?",
                  device,
                  start.plusSeconds(120).atOffset(java.time.ZoneOffset.UTC)))
          .isEqualTo(1);
      b.report(freezer, start.plusSeconds(150), -18);
      assertThat(
              count(
                  base,
                  "SELECT count(*) FROM alert WHERE device_id = ?::uuid AND state = 'CLEARED'",
                  device))
          .as("both alerts cleared, none raised twice")
          .isEqualTo(2);
      assertThat(count(base, "SELECT count(*) FROM alert WHERE device_id = ?::uuid", device))
          .isEqualTo(2);
    }
  }

  @Test
  void a_watcher_on_one_replica_sees_the_alerts_raised_on_another_within_its_scope()
      throws Exception {
    try (var a = RunningTelemetry.start(Map.of());
        var b = a.startReplica()) {
      await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> a.wiring().hearsOtherReplicas() && b.wiring().hearsOtherReplicas());
      var mine = "watch-mine";
      var theirs = "watch-theirs";
      var myFreezer = a.freezerOf(mine);
      var theirFreezer = a.freezerOf(theirs);
      for (var owner : List.of(mine, theirs)) {
        createRule(
            a,
            owner,
            rule(
                "hot",
                Metric.METRIC_TEMPERATURE_CELSIUS,
                AlertSeverity.ALERT_SEVERITY_WARNING,
                AlertRule.newBuilder()
                    .setThreshold(
                        ThresholdCondition.newBuilder()
                            .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                            .setRaiseLevel(-15)
                            .setClearLevel(-17))));
      }
      var myWatch = AlertWatch.open(a, a.customer(mine), WatchAlertsRequest.getDefaultInstance());
      var theirWatch =
          AlertWatch.open(a, a.customer(theirs), WatchAlertsRequest.getDefaultInstance());
      try {
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Ingested at B: raised on B, watched on A.
        b.report(myFreezer, now, -10);
        var raised = myWatch.next();
        assertThat(raised.getChangeType()).isEqualTo(AlertChangeType.ALERT_CHANGE_TYPE_RAISED);
        assertThat(raised.getAlert().getDeviceId()).isEqualTo(myFreezer.getDeviceId());

        b.report(theirFreezer, now, -10);
        var theirFirst = theirWatch.next();
        // The other customer's watcher never got the first alert: its first change is its own.
        assertThat(theirFirst.getAlert().getDeviceId()).isEqualTo(theirFreezer.getDeviceId());
        assertThat(theirFirst.getAlert().getCustomerId()).isEqualTo(theirs);

        b.report(myFreezer, now.plusSeconds(10), -18);
        var cleared = myWatch.next();
        assertThat(cleared.getChangeType()).isEqualTo(AlertChangeType.ALERT_CHANGE_TYPE_CLEARED);
        assertThat(cleared.getAlert().getAlertId()).isEqualTo(raised.getAlert().getAlertId());
      } finally {
        myWatch.cancel();
        theirWatch.cancel();
      }
    }
  }

  @Test
  void a_watch_whose_replica_may_have_missed_changes_ends_with_unavailable_after_what_it_had()
      throws Exception {
    try (var service = RunningTelemetry.start(Map.of())) {
      var customer = "watch-gap";
      var freezer = service.freezerOf(customer);
      createRule(
          service,
          customer,
          rule(
              "hot",
              Metric.METRIC_TEMPERATURE_CELSIUS,
              AlertSeverity.ALERT_SEVERITY_WARNING,
              AlertRule.newBuilder()
                  .setThreshold(
                      ThresholdCondition.newBuilder()
                          .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                          .setRaiseLevel(-15)
                          .setClearLevel(-17))));
      var watch =
          AlertWatch.open(
              service, service.customer(customer), WatchAlertsRequest.getDefaultInstance());
      service.report(freezer, Instant.now().truncatedTo(ChronoUnit.MILLIS), -10);
      assertThat(watch.next().getChangeType()).isEqualTo(AlertChangeType.ALERT_CHANGE_TYPE_RAISED);

      // What the alert change relay does when its listen connection is lost.
      service.wiring().alertFeed().changesMayHaveBeenMissed();

      var end = watch.end.get(20, TimeUnit.SECONDS);
      assertThat(end.getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
      assertThat(end.getDescription()).contains("list the alerts and watch again");
      assertThat(service.wiring().alertFeed().watcherCount()).isZero();
    }
  }

  // ---------------------------------------------------------------- exact caches

  private static AlertRule hotAbove(String customer, Device device, double raise, double clear) {
    return rule(
            "hot",
            Metric.METRIC_TEMPERATURE_CELSIUS,
            AlertSeverity.ALERT_SEVERITY_WARNING,
            AlertRule.newBuilder()
                .setDeviceId(device.getDeviceId())
                .setThreshold(
                    ThresholdCondition.newBuilder()
                        .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                        .setRaiseLevel(raise)
                        .setClearLevel(clear)))
        .toBuilder()
        .setCustomerId(customer)
        .build();
  }

  private static long alerts(RunningTelemetry service, Device device) {
    return service.count(
        "SELECT count(*) FROM alert WHERE device_id = ?::uuid", device.getDeviceId());
  }

  @Test
  void a_rule_changed_at_one_replica_applies_to_the_next_reading_at_another() throws Exception {
    try (var a = RunningTelemetry.start(Map.of());
        var b = a.startReplica()) {
      await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> a.wiring().hearsOtherReplicas() && b.wiring().hearsOtherReplicas());
      var customer = "cache-rules";
      var freezer = a.freezerOf(customer);
      var created =
          a.as(a.customer(customer))
              .createAlertRule(
                  CreateAlertRuleRequest.newBuilder()
                      .setRequestId(UUID.randomUUID().toString())
                      .setAlertRule(hotAbove(customer, freezer, -10, -12))
                      .build());
      var start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
      // B caches the rule and the device: -15 is below the rule's -10.
      b.report(freezer, start, -15);
      assertThat(alerts(a, freezer)).isZero();

      // Revised at A to raise above -20; the next reading at B, right after, breaches it.
      a.as(a.customer(customer))
          .updateAlertRule(
              UpdateAlertRuleRequest.newBuilder()
                  .setAlertRule(
                      hotAbove(customer, freezer, -20, -22).toBuilder()
                          .setRuleId(created.getAlertRule().getRuleId()))
                  .setUpdateMask(FieldMask.newBuilder().addPaths("threshold"))
                  .build());
      b.report(freezer, start.plusSeconds(10), -15);
      assertThat(
              a.count(
                  "SELECT count(*) FROM alert WHERE device_id = ?::uuid AND state = 'ACTIVE'"
                      + " AND raise_value = -15",
                  freezer.getDeviceId()))
          .as("evaluated at B with the rule as revised at A")
          .isEqualTo(1);

      // A change whose notification B never gets (made behind the service's back, with the
      // version moved on as the service's own changes do): B's pass still sees that its cached
      // rule is stale, and the reading is not evaluated against the rule any more.
      a.count(
          "WITH changed AS (UPDATE alert_rule SET enabled = false, version = version + 1"
              + " WHERE rule_id = ?::uuid RETURNING customer_id),"
              + " bumped AS (UPDATE rule_book SET version = version + 1"
              + " WHERE customer_id IN (SELECT customer_id FROM changed) RETURNING 1)"
              + " SELECT count(*) FROM bumped",
          created.getAlertRule().getRuleId());
      b.report(freezer, start.plusSeconds(20), -5);
      assertThat(
              a.count(
                  "SELECT count(*) FROM alert WHERE device_id = ?::uuid AND last_value = -5",
                  freezer.getDeviceId()))
          .as("the disabled rule no longer evaluates readings at B")
          .isZero();
    }
  }

  @Test
  void a_device_decommissioned_at_one_replica_is_rejected_at_another_at_once() throws Exception {
    try (var a = RunningTelemetry.start(Map.of());
        var b = a.startReplica()) {
      await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> a.wiring().hearsOtherReplicas() && b.wiring().hearsOtherReplicas());
      var customer = "cache-devices";
      var retired = a.freezerOf(customer);
      var hidden = a.freezerOf(customer);
      var start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
      // B caches both profiles.
      b.report(retired, start, -18);
      b.report(hidden, start, -18);

      a.as(a.customer(customer))
          .decommissionDevice(
              DecommissionDeviceRequest.newBuilder().setDeviceId(retired.getDeviceId()).build());
      var rejected =
          catchThrowableOfType(
              StatusRuntimeException.class, () -> b.report(retired, start.plusSeconds(10), -18));
      assertThat(rejected).as("rejected at B as at A").isNotNull();
      assertThat(ErrorDetails.code(rejected)).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(ErrorDetails.reason(rejected)).isEqualTo("DEVICE_DECOMMISSIONED");

      // Decommissioned behind the service's back (no notification): B's pass sees the device's
      // version moved on, and the batch is screened again with the stored profile.
      a.count(
          "WITH changed AS (UPDATE device SET state = 'DECOMMISSIONED',"
              + " decommission_time = now(), version = version + 1"
              + " WHERE device_id = ?::uuid RETURNING 1) SELECT count(*) FROM changed",
          hidden.getDeviceId());
      var alsoRejected =
          catchThrowableOfType(
              StatusRuntimeException.class, () -> b.report(hidden, start.plusSeconds(10), -18));
      assertThat(alsoRejected).as("rejected without a notification").isNotNull();
      assertThat(ErrorDetails.reason(alsoRejected)).isEqualTo("DEVICE_DECOMMISSIONED");
      assertThat(
              a.count(
                  "SELECT count(*) FROM reading WHERE device_id IN (?::uuid, ?::uuid)",
                  retired.getDeviceId(),
                  hidden.getDeviceId()))
          .as("only the readings from before")
          .isEqualTo(2);
    }
  }
}
