package dev.fieldops.telemetry.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.ConditionKind;
import dev.fieldops.telemetry.domain.rule.Direction;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

/** Rules already stored must keep loading: the condition document is a stored format. */
class ConditionJsonTest {

  private static final Condition THRESHOLD =
      new Condition.Threshold(Direction.ABOVE, 30.5, 28.0, OptionalDouble.of(40.0));
  private static final Condition RATE_OF_CHANGE =
      new Condition.RateOfChange(5.0, Duration.ofMinutes(10), OptionalDouble.empty());
  private static final Condition SUSTAINED =
      new Condition.Sustained(Direction.BELOW, 2.5, Duration.ofSeconds(90), OptionalDouble.empty());
  private static final Condition NO_DATA =
      new Condition.NoData(Duration.ofMinutes(15), Optional.of(Duration.ofHours(1)));

  private static Condition read(ConditionKind kind, String stored) {
    return ConditionJson.read(kind, JSONB.valueOf(stored));
  }

  @Test
  void conditions_written_with_doubles_still_load() {
    assertThat(
            read(
                ConditionKind.THRESHOLD,
                "{\"direction\":\"ABOVE\",\"raiseLevel\":30.5,\"clearLevel\":28.0,"
                    + "\"criticalLevel\":40.0}"))
        .isEqualTo(THRESHOLD);
    assertThat(read(ConditionKind.RATE_OF_CHANGE, "{\"maxDelta\":5.0,\"windowMicros\":6.0E8}"))
        .isEqualTo(RATE_OF_CHANGE);
    assertThat(
            read(
                ConditionKind.SUSTAINED,
                "{\"direction\":\"BELOW\",\"level\":2.5,\"durationMicros\":9.0E7}"))
        .isEqualTo(SUSTAINED);
    assertThat(
            read(
                ConditionKind.NO_DATA, "{\"silenceMicros\":9.0E8,\"criticalSilenceMicros\":3.6E9}"))
        .isEqualTo(NO_DATA);
  }

  @Test
  void conditions_as_jsonb_hands_them_back_load() {
    assertThat(
            read(
                ConditionKind.THRESHOLD,
                "{\"direction\": \"ABOVE\", \"clearLevel\": 28.0, \"raiseLevel\": 30.5,"
                    + " \"criticalLevel\": 40.0}"))
        .isEqualTo(THRESHOLD);
    assertThat(
            read(ConditionKind.RATE_OF_CHANGE, "{\"maxDelta\": 5.0, \"windowMicros\": 600000000}"))
        .isEqualTo(RATE_OF_CHANGE);
    assertThat(
            read(
                ConditionKind.SUSTAINED,
                "{\"level\": 2.5, \"direction\": \"BELOW\", \"durationMicros\": 90000000}"))
        .isEqualTo(SUSTAINED);
    assertThat(
            read(
                ConditionKind.NO_DATA,
                "{\"silenceMicros\": 900000000, \"criticalSilenceMicros\": 3600000000}"))
        .isEqualTo(NO_DATA);
  }

  @Test
  void conditions_keep_their_field_names_and_micros() {
    assertThat(ConditionJson.write(THRESHOLD).data())
        .isEqualTo(
            "{\"direction\":\"ABOVE\",\"raiseLevel\":30.5,\"clearLevel\":28.0,"
                + "\"criticalLevel\":40.0}");
    assertThat(ConditionJson.write(RATE_OF_CHANGE).data())
        .isEqualTo("{\"maxDelta\":5.0,\"windowMicros\":600000000}");
    assertThat(ConditionJson.write(SUSTAINED).data())
        .isEqualTo("{\"direction\":\"BELOW\",\"level\":2.5,\"durationMicros\":90000000}");
    assertThat(ConditionJson.write(NO_DATA).data())
        .isEqualTo("{\"silenceMicros\":900000000,\"criticalSilenceMicros\":3600000000}");
  }

  @Test
  void conditions_read_back_as_written() {
    for (Condition condition : new Condition[] {THRESHOLD, RATE_OF_CHANGE, SUSTAINED, NO_DATA}) {
      assertThat(ConditionJson.read(condition.kind(), ConditionJson.write(condition)))
          .isEqualTo(condition);
    }
    var noCritical = new Condition.NoData(Duration.ofMinutes(15), Optional.empty());
    assertThat(ConditionJson.read(ConditionKind.NO_DATA, ConditionJson.write(noCritical)))
        .isEqualTo(noCritical);
  }

  @Test
  void a_damaged_condition_is_unreadable() {
    assertThatThrownBy(() -> read(ConditionKind.THRESHOLD, "{\"direction\": \"ABOVE\"}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("raiseLevel");
    assertThatThrownBy(() -> read(ConditionKind.NO_DATA, "{\"silenceMicros\": 0.5}"))
        .isInstanceOf(IllegalStateException.class);
  }
}
