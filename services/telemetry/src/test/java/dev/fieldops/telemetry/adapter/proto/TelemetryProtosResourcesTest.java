package dev.fieldops.telemetry.adapter.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.grpc.Etags;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.InvalidInputException;
import org.junit.jupiter.api.Test;

class TelemetryProtosResourcesTest {

  @Test
  void an_etag_is_the_version_as_a_decimal_and_comes_back_as_the_expected_version() {
    assertThat(TelemetryProtos.etag(3)).isEqualTo("3");
    assertThatCode(
            () ->
                Etags.expectedVersion(TelemetryProtos.etag(3), "etag")
                    .requireCurrent(3, "device", "d"))
        .doesNotThrowAnyException();
    assertThat(Etags.expectedVersion("", "etag")).isEqualTo(ExpectedVersion.any());
  }

  @Test
  void an_etag_that_is_not_a_version_number_is_malformed_at_its_field() {
    for (String sent : new String[] {"\"3\"", "three", "3.0", "-1"}) {
      assertThatExceptionOfType(InvalidInputException.class)
          .isThrownBy(() -> Etags.expectedVersion(sent, "alert_rule.etag"))
          .satisfies(e -> assertThat(e.reason()).isEqualTo("INVALID_ETAG"))
          .satisfies(
              e -> assertThat(e.violations().getFirst().field()).isEqualTo("alert_rule.etag"));
    }
  }
}
