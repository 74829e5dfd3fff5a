package dev.fieldops.telemetry.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.fieldops.telemetry.v1.AcknowledgeAlertRequest;
import dev.fieldops.telemetry.v1.AlertAcknowledged;
import dev.fieldops.telemetry.v1.AlertClearReason;
import dev.fieldops.telemetry.v1.AlertCleared;
import dev.fieldops.telemetry.v1.AlertEscalated;
import dev.fieldops.telemetry.v1.AlertEscalationCause;
import dev.fieldops.telemetry.v1.AlertRaised;
import dev.fieldops.telemetry.v1.AlertRule;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.CreateAlertRuleRequest;
import dev.fieldops.telemetry.v1.GetAlertRequest;
import dev.fieldops.telemetry.v1.ListAlertsRequest;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.TemperatureChanged;
import dev.fieldops.telemetry.v1.ThresholdCondition;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a JetStream subscriber of the TELEMETRY stream receives while an alert lives its life: each
 * event once, with the CloudEvents headers and an envelope that matches them.
 */
class TelemetryEventsIT {

  private static RunningTelemetry service;
  private static Connection nats;

  @BeforeAll
  static void start() throws Exception {
    service = RunningTelemetry.start(Map.of("TELEMETRY_ESCALATION_SCAN_INTERVAL", "200ms"));
    nats = Nats.connect(service.env.nats().url());
  }

  @AfterAll
  static void stop() throws Exception {
    nats.close();
    service.close();
  }

  record Received(String subject, Map<String, String> headers, byte[] data) {
    String header(String name) {
      return headers.get(name);
    }

    <T extends Message> T as(Parser<T> parser) {
      try {
        return parser.parseFrom(data);
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("undecodable " + subject, e);
      }
    }
  }

  /** Everything the stream holds, as an ordered consumer delivers it. */
  private static List<Received> subscribeAndReadAll() throws Exception {
    long expected =
        nats.jetStreamManagement().getStreamInfo("TELEMETRY").getStreamState().getMsgCount();
    var received = new ArrayList<Received>();
    var consumer =
        nats.getStreamContext("TELEMETRY")
            .createOrderedConsumer(new OrderedConsumerConfiguration().filterSubject("telemetry.>"))
            .iterate();
    try {
      while (received.size() < expected) {
        var message = consumer.nextMessage(Duration.ofSeconds(10));
        assertThat(message).as("message %d of %d", received.size() + 1, expected).isNotNull();
        var headers = new LinkedHashMap<String, String>();
        message
            .getHeaders()
            .keySet()
            .forEach(k -> headers.put(k, message.getHeaders().getFirst(k)));
        received.add(new Received(message.getSubject(), headers, message.getData()));
      }
    } finally {
      consumer.stop();
      consumer.close();
    }
    return received;
  }

  @Test
  void a_subscriber_receives_raised_acknowledged_cleared_and_temperature_changed_once_each()
      throws Exception {
    var customer = "events-" + UUID.randomUUID().toString().substring(0, 8);
    var token = service.customer(customer);
    // A deadband wider than the alert's swing: the first reading is the only temperature report.
    var freezer = service.freezerOf(customer, 20);
    service
        .as(token)
        .createAlertRule(
            CreateAlertRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAlertRule(
                    AlertRule.newBuilder()
                        .setCustomerId(customer)
                        .setDeviceId(freezer.getDeviceId())
                        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                        .setThreshold(
                            ThresholdCondition.newBuilder()
                                .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                                .setRaiseLevel(-15)
                                .setClearLevel(-17)))
                .build());
    var now = Instant.now();
    service.report(freezer, now.minusSeconds(60), -10.0);
    var alertId =
        service
            .as(token)
            .listAlerts(ListAlertsRequest.newBuilder().setOpenOnly(true).build())
            .getAlerts(0)
            .getAlertId();
    service
        .as(token)
        .acknowledgeAlert(
            AcknowledgeAlertRequest.newBuilder().setAlertId(alertId).setNote("on it").build());
    service.report(freezer, now.minusSeconds(30), -18.0);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                service.count("SELECT count(*) FROM outbox_event WHERE published_time IS NULL")
                    == 0);

    var all = subscribeAndReadAll();

    var aboutTheAlert = all.stream().filter(m -> alertId.equals(m.header("ce-subject"))).toList();
    var temperature =
        all.stream()
            .filter(m -> m.subject().equals("telemetry.device.temperature_changed"))
            .filter(m -> freezer.getDeviceId().equals(m.header("ce-subject")))
            .toList();
    assertThat(aboutTheAlert)
        .extracting(Received::subject)
        .containsExactly(
            "telemetry.alert.raised", "telemetry.alert.acknowledged", "telemetry.alert.cleared");
    assertThat(temperature).hasSize(1);
    for (var message : concat(aboutTheAlert, temperature)) {
      assertThat(message.header("ce-specversion")).isEqualTo("1.0");
      assertThat(message.header("ce-source")).isEqualTo("/fieldops/telemetry");
      assertThat(message.header("ce-id")).isEqualTo(message.header("Nats-Msg-Id"));
      assertThat(Instant.parse(message.header("ce-time"))).isBefore(Instant.now());
      assertThat(message.header("content-type")).isEqualTo("application/protobuf");
      assertThat(message.header("fieldops-aggregate-version")).isNotBlank();
    }

    var raised = aboutTheAlert.get(0);
    var raisedEvent = raised.as(AlertRaised.parser());
    assertThat(raised.header("ce-type")).isEqualTo("fieldops.telemetry.v1.AlertRaised");
    assertThat(raised.header("ce-id")).isEqualTo(raisedEvent.getEventId());
    assertThat(raised.header("fieldops-aggregate-version")).isEqualTo("1");
    assertThat(raisedEvent.getCustomerId()).isEqualTo(customer);
    assertThat(raisedEvent.getDeviceId()).isEqualTo(freezer.getDeviceId());
    assertThat(raisedEvent.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
    assertThat(raisedEvent.getValue()).isEqualTo(-10.0);
    assertThat(raisedEvent.getObserveTime().getSeconds())
        .isEqualTo(now.minusSeconds(60).getEpochSecond());

    var acknowledged = aboutTheAlert.get(1);
    var acknowledgedEvent = acknowledged.as(AlertAcknowledged.parser());
    assertThat(acknowledged.header("ce-type")).isEqualTo("fieldops.telemetry.v1.AlertAcknowledged");
    assertThat(acknowledged.header("ce-id")).isEqualTo(acknowledgedEvent.getEventId());
    assertThat(acknowledged.header("fieldops-aggregate-version")).isEqualTo("2");
    assertThat(acknowledgedEvent.getAcknowledgedBy()).isEqualTo("customer-" + customer);
    assertThat(acknowledgedEvent.getNote()).isEqualTo("on it");

    var cleared = aboutTheAlert.get(2);
    var clearedEvent = cleared.as(AlertCleared.parser());
    assertThat(cleared.header("ce-type")).isEqualTo("fieldops.telemetry.v1.AlertCleared");
    assertThat(cleared.header("ce-id")).isEqualTo(clearedEvent.getEventId());
    assertThat(cleared.header("fieldops-aggregate-version")).isEqualTo("3");
    assertThat(clearedEvent.getClearReason())
        .isEqualTo(AlertClearReason.ALERT_CLEAR_REASON_CONDITION_ENDED);
    assertThat(clearedEvent.getAcknowledged()).isTrue();
    assertThat(clearedEvent.getPeakValue()).isEqualTo(-10.0);

    var changed = temperature.getFirst();
    var changedEvent = changed.as(TemperatureChanged.parser());
    assertThat(changed.header("ce-type")).isEqualTo("fieldops.telemetry.v1.TemperatureChanged");
    assertThat(changed.header("ce-id")).isEqualTo(changedEvent.getEventId());
    assertThat(changed.header("fieldops-aggregate-version"))
        .isEqualTo(Long.toString(changedEvent.getAggregateVersion()));
    assertThat(changedEvent.getTemperatureCelsius()).isEqualTo(-10.0);
    assertThat(changedEvent.hasPreviousTemperatureCelsius()).isFalse();
    assertThat(changedEvent.getDeadbandCelsius()).isEqualTo(20.0);
    assertThat(changedEvent.getCustomerId()).isEqualTo(customer);
  }

  @Test
  void the_api_and_every_event_of_an_alert_carry_the_same_summary() throws Exception {
    var customer = "summary-" + UUID.randomUUID().toString().substring(0, 8);
    var token = service.customer(customer);
    var freezer = service.freezerOf(customer, 20);
    service
        .as(token)
        .createAlertRule(
            CreateAlertRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAlertRule(
                    AlertRule.newBuilder()
                        .setCustomerId(customer)
                        .setDeviceId(freezer.getDeviceId())
                        .setDisplayName("Freezer too warm")
                        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                        .setThreshold(
                            ThresholdCondition.newBuilder()
                                .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                                .setRaiseLevel(-15)
                                .setClearLevel(-17)
                                .setCriticalLevel(-8)))
                .build());
    var now = Instant.now();
    // Raised at -12, a new peak at -10, then escalated by the critical level at -5.
    service.report(freezer, now.minusSeconds(60), -12.0);
    service.report(freezer, now.minusSeconds(45), -10.0);
    service.report(freezer, now.minusSeconds(30), -5.0);
    var alert =
        service
            .as(token)
            .listAlerts(ListAlertsRequest.newBuilder().setCustomerId(customer).build())
            .getAlerts(0);
    var got =
        service
            .as(token)
            .getAlert(GetAlertRequest.newBuilder().setAlertId(alert.getAlertId()).build())
            .getAlert();
    awaitOutboxPublished();

    var aboutTheAlert =
        subscribeAndReadAll().stream()
            .filter(m -> alert.getAlertId().equals(m.header("ce-subject")))
            .toList();
    assertThat(aboutTheAlert)
        .extracting(Received::subject)
        .containsExactly("telemetry.alert.raised", "telemetry.alert.escalated");
    var raised = aboutTheAlert.get(0).as(AlertRaised.parser());
    var escalated = aboutTheAlert.get(1).as(AlertEscalated.parser());
    assertThat(got.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
    assertThat(got.getPeakValue()).isEqualTo(-5.0);
    assertThat(got.getSummary())
        .isEqualTo("Freezer " + customer + ": -12.0 °C is above -15.0 °C")
        .isEqualTo(raised.getSummary())
        .isEqualTo(escalated.getSummary())
        .isEqualTo(alert.getSummary());
    assertThat(escalated.getCause())
        .isEqualTo(AlertEscalationCause.ALERT_ESCALATION_CAUSE_CRITICAL_LEVEL);
  }

  @Test
  void an_alert_left_active_past_its_rules_delay_is_published_escalated_by_time_once()
      throws Exception {
    var customer = "late-" + UUID.randomUUID().toString().substring(0, 8);
    var token = service.customer(customer);
    var freezer = service.freezerOf(customer, 20);
    service
        .as(token)
        .createAlertRule(
            CreateAlertRuleRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setAlertRule(
                    AlertRule.newBuilder()
                        .setCustomerId(customer)
                        .setDeviceId(freezer.getDeviceId())
                        .setMetric(Metric.METRIC_TEMPERATURE_CELSIUS)
                        .setEscalateAfter(com.google.protobuf.Duration.newBuilder().setSeconds(60))
                        .setThreshold(
                            ThresholdCondition.newBuilder()
                                .setDirection(ThresholdDirection.THRESHOLD_DIRECTION_ABOVE)
                                .setRaiseLevel(-15)))
                .build());
    service.report(freezer, Instant.now().minusSeconds(30), -10.0);
    var alertId =
        service
            .as(token)
            .listAlerts(ListAlertsRequest.newBuilder().setCustomerId(customer).build())
            .getAlerts(0)
            .getAlertId();

    // Instead of waiting a minute: the scan compares raise time + delay with the clock.
    service.backdateAlert(alertId, Duration.ofSeconds(61));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                service.count(
                        "SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND subject ="
                            + " 'telemetry.alert.escalated'",
                        alertId)
                    == 1);
    awaitOutboxPublished();
    var got =
        service
            .as(token)
            .getAlert(GetAlertRequest.newBuilder().setAlertId(alertId).build())
            .getAlert();

    var aboutTheAlert =
        subscribeAndReadAll().stream().filter(m -> alertId.equals(m.header("ce-subject"))).toList();
    assertThat(aboutTheAlert)
        .extracting(Received::subject)
        .containsExactly("telemetry.alert.raised", "telemetry.alert.escalated");
    var message = aboutTheAlert.get(1);
    var escalated = message.as(AlertEscalated.parser());
    assertThat(message.header("ce-type")).isEqualTo("fieldops.telemetry.v1.AlertEscalated");
    assertThat(message.header("fieldops-aggregate-version")).isEqualTo("2");
    assertThat(escalated.getCause())
        .isEqualTo(AlertEscalationCause.ALERT_ESCALATION_CAUSE_ACTIVE_TOO_LONG);
    assertThat(escalated.getPreviousSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
    assertThat(escalated.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
    assertThat(escalated.getCustomerId()).isEqualTo(customer);
    assertThat(escalated.getDeviceId()).isEqualTo(freezer.getDeviceId());
    assertThat(escalated.getSummary()).isEqualTo(got.getSummary());
    assertThat(got.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
  }

  private static void awaitOutboxPublished() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                service.count("SELECT count(*) FROM outbox_event WHERE published_time IS NULL")
                    == 0);
  }

  private static List<Received> concat(List<Received> first, List<Received> second) {
    var all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
