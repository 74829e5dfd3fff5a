package dev.fieldops.telemetry.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.telemetry.domain.shared.Etag;
import org.junit.jupiter.api.Test;

class ViewsTest {

  @Test
  void an_etag_is_the_version_as_a_decimal_and_comes_back_as_the_domains_etag() {
    assertThat(Views.etag(3)).isEqualTo("3");
    assertThatCode(() -> Etag.check(Views.etag("3", "etag"), 3, "device", "d"))
        .doesNotThrowAnyException();
    assertThat(Views.etag("", "etag")).isEmpty();
  }

  @Test
  void an_etag_that_is_not_a_version_number_is_malformed_at_its_field() {
    for (String sent : new String[] {"\"3\"", "three", "3.0", "-1"}) {
      assertThatExceptionOfType(InvalidInputException.class)
          .isThrownBy(() -> Views.etag(sent, "alert_rule.etag"))
          .satisfies(e -> assertThat(e.reason()).isEqualTo("INVALID_ETAG"))
          .satisfies(e -> assertThat(e.violations().getFirst().field())
              .isEqualTo("alert_rule.etag"));
    }
  }
}
