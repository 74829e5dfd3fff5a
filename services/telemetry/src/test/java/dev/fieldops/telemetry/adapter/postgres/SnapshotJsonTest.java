package dev.fieldops.telemetry.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.NoDataState;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.RateOfChangeState;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.SustainedState;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.ThresholdState;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.WindowPoint;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

/** Checkpoints already stored must keep loading: the document layout is a stored format. */
class SnapshotJsonTest {

  private static final DeviceId DEVICE =
      new DeviceId(UUID.fromString("0b7e3f2a-0000-4000-8000-00000000000d"));
  private static final Instant T = Instant.parse("2026-12-04T10:15:30.123456Z");

  /** Every rule kind, with and without its optional parts. */
  private static final DeviceEvaluatorSnapshot SNAPSHOT =
      new DeviceEvaluatorSnapshot(
          DEVICE,
          T,
          Map.of(
              Metric.TEMPERATURE_CELSIUS, T.plusSeconds(60),
              Metric.HUMIDITY_PERCENT, T.plusSeconds(5)),
          OptionalDouble.of(21.5),
          List.of(
              new ThresholdState(rule(1), 3, true, false),
              new SustainedState(rule(2), 1, false, false, Optional.of(T.plusMillis(1500))),
              new RateOfChangeState(
                  rule(3),
                  2,
                  true,
                  true,
                  List.of(new WindowPoint(T, 30.25), new WindowPoint(T.plusSeconds(1), 29.0)),
                  List.of(new WindowPoint(T.plusSeconds(1), -4.125))),
              new NoDataState(rule(4), 7, false, true, T.plusSeconds(30))));

  /** {@link #SNAPSHOT} as layout 1 was first written: every number a double. */
  private static final String WRITTEN_AS_DOUBLES =
      """
      {"v":1.0,"watchingSince":1.796379330123456E15,"lastEvaluated":{"HUMIDITY_PERCENT":\
      1.796379335123456E15,"TEMPERATURE_CELSIUS":1.796379390123456E15},\
      "lastReportedTemperature":21.5,"rules":[{"ruleId":"5f0c6a7e-0000-4000-8000-000000000001",\
      "ruleVersion":3.0,"breached":true,"escalated":false,"kind":"THRESHOLD"},\
      {"ruleId":"5f0c6a7e-0000-4000-8000-000000000002","ruleVersion":1.0,"breached":false,\
      "escalated":false,"kind":"SUSTAINED","beyondSince":1.796379331623456E15},\
      {"ruleId":"5f0c6a7e-0000-4000-8000-000000000003","ruleVersion":2.0,"breached":true,\
      "escalated":true,"kind":"RATE_OF_CHANGE","maxCandidates":[[1.796379330123456E15,30.25],\
      [1.796379331123456E15,29.0]],"minCandidates":[[1.796379331123456E15,-4.125]]},\
      {"ruleId":"5f0c6a7e-0000-4000-8000-000000000004","ruleVersion":7.0,"breached":false,\
      "escalated":true,"kind":"NO_DATA","lastSeen":1.796379360123456E15}]}""";

  /** The same document as PostgreSQL hands a jsonb value back (numerics, keys reordered). */
  private static final String READ_BACK_FROM_JSONB =
      """
      {"v": 1.0, "rules": [{"kind": "THRESHOLD", "ruleId": "5f0c6a7e-0000-4000-8000-000000000001",\
       "breached": true, "escalated": false, "ruleVersion": 3.0}, {"kind": "SUSTAINED", "ruleId":\
       "5f0c6a7e-0000-4000-8000-000000000002", "breached": false, "escalated": false,\
       "beyondSince": 1796379331623456, "ruleVersion": 1.0}, {"kind": "RATE_OF_CHANGE", "ruleId":\
       "5f0c6a7e-0000-4000-8000-000000000003", "breached": true, "escalated": true, "ruleVersion":\
       2.0, "maxCandidates": [[1796379330123456, 30.25], [1796379331123456, 29.0]],\
       "minCandidates": [[1796379331123456, -4.125]]}, {"kind": "NO_DATA", "ruleId":\
       "5f0c6a7e-0000-4000-8000-000000000004", "breached": false, "lastSeen": 1796379360123456,\
       "escalated": true, "ruleVersion": 7.0}], "lastEvaluated": {"HUMIDITY_PERCENT":\
       1796379335123456, "TEMPERATURE_CELSIUS": 1796379390123456}, "watchingSince":\
       1796379330123456, "lastReportedTemperature": 21.5}""";

  private static AlertRuleId rule(int n) {
    return new AlertRuleId(UUID.fromString("5f0c6a7e-0000-4000-8000-00000000000" + n));
  }

  @Test
  void a_checkpoint_written_with_doubles_still_loads() {
    assertThat(SnapshotJson.read(DEVICE, JSONB.valueOf(WRITTEN_AS_DOUBLES))).isEqualTo(SNAPSHOT);
    assertThat(SnapshotJson.read(DEVICE, JSONB.valueOf(READ_BACK_FROM_JSONB))).isEqualTo(SNAPSHOT);
  }

  @Test
  void a_checkpoint_reads_back_as_written() {
    assertThat(SnapshotJson.read(DEVICE, SnapshotJson.write(SNAPSHOT))).isEqualTo(SNAPSHOT);
  }

  @Test
  void a_checkpoint_keeps_its_field_names_and_micros() {
    assertThat(SnapshotJson.write(SNAPSHOT).data())
        .isEqualTo(
            "{\"v\":1,\"watchingSince\":1796379330123456,\"lastEvaluated\":{\"HUMIDITY_PERCENT\":"
                + "1796379335123456,\"TEMPERATURE_CELSIUS\":1796379390123456},"
                + "\"lastReportedTemperature\":21.5,\"rules\":["
                + "{\"ruleId\":\"5f0c6a7e-0000-4000-8000-000000000001\",\"ruleVersion\":3,"
                + "\"breached\":true,\"escalated\":false,\"kind\":\"THRESHOLD\"},"
                + "{\"ruleId\":\"5f0c6a7e-0000-4000-8000-000000000002\",\"ruleVersion\":1,"
                + "\"breached\":false,\"escalated\":false,\"kind\":\"SUSTAINED\","
                + "\"beyondSince\":1796379331623456},"
                + "{\"ruleId\":\"5f0c6a7e-0000-4000-8000-000000000003\",\"ruleVersion\":2,"
                + "\"breached\":true,\"escalated\":true,\"kind\":\"RATE_OF_CHANGE\","
                + "\"maxCandidates\":[[1796379330123456,30.25],[1796379331123456,29.0]],"
                + "\"minCandidates\":[[1796379331123456,-4.125]]},"
                + "{\"ruleId\":\"5f0c6a7e-0000-4000-8000-000000000004\",\"ruleVersion\":7,"
                + "\"breached\":false,\"escalated\":true,\"kind\":\"NO_DATA\","
                + "\"lastSeen\":1796379360123456}]}");
  }

  @Test
  void a_checkpoint_without_optional_parts_reads_back_as_written() {
    var bare =
        new DeviceEvaluatorSnapshot(
            DEVICE,
            T,
            Map.of(),
            OptionalDouble.empty(),
            List.of(
                new SustainedState(rule(2), 1, false, false, Optional.empty()),
                new RateOfChangeState(rule(3), 2, false, false, List.of(), List.of())));
    assertThat(SnapshotJson.read(DEVICE, SnapshotJson.write(bare))).isEqualTo(bare);
  }

  @Test
  void a_checkpoint_of_another_layout_is_ignored() {
    assertThat(SnapshotJson.read(DEVICE, JSONB.valueOf("{\"v\": 2, \"rules\": {}}"))).isNull();
    assertThat(SnapshotJson.read(DEVICE, JSONB.valueOf("{\"rules\": []}"))).isNull();
  }

  @Test
  void a_damaged_checkpoint_is_unreadable() {
    assertThatThrownBy(() -> SnapshotJson.read(DEVICE, JSONB.valueOf("{\"v\": 1}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lacks field");
    assertThatThrownBy(
            () ->
                SnapshotJson.read(
                    DEVICE,
                    JSONB.valueOf(
                        "{\"v\": 1, \"watchingSince\": 1.5, \"lastEvaluated\": {},"
                            + " \"rules\": []}")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                SnapshotJson.read(
                    DEVICE,
                    JSONB.valueOf(
                        "{\"v\": 1, \"watchingSince\": 1, \"lastEvaluated\": {}, \"rules\":"
                            + " [{\"ruleId\": \"5f0c6a7e-0000-4000-8000-000000000003\","
                            + " \"ruleVersion\": 2, \"breached\": true, \"escalated\": true,"
                            + " \"kind\": \"RATE_OF_CHANGE\", \"maxCandidates\": [[1, 2, 3]],"
                            + " \"minCandidates\": []}]}")))
        .isInstanceOf(IllegalStateException.class);
  }
}
