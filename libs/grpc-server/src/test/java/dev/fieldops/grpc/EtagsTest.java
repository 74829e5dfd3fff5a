package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EtagsTest {

  @Test
  void an_etag_is_the_version_in_decimal_and_reads_back() {
    assertThat(Etags.of(7)).isEqualTo("7");
    assertThat(Etags.expectedVersion(Etags.of(7), "etag")).isEqualTo(ExpectedVersion.of(7));
    assertThat(Etags.expectedVersion(Etags.of(Long.MAX_VALUE), "etag"))
        .isEqualTo(ExpectedVersion.of(Long.MAX_VALUE));
  }

  @Test
  void no_etag_is_unconditional() {
    assertThat(Etags.expectedVersion("", "etag")).isEqualTo(ExpectedVersion.any());
    assertThat(Etags.expectedVersion(null, "etag")).isEqualTo(ExpectedVersion.any());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "W/\"abc\"",
        "\"3\"",
        "0",
        "-5",
        "+5",
        "05",
        " 5",
        "5 ",
        "1e3",
        "9223372036854775808",
        "99999999999999999999",
        "٣"
      })
  void an_etag_no_service_hands_out_is_malformed_naming_the_field(String etag) {
    InvalidInputException error =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(() -> Etags.expectedVersion(etag, "ticket.etag"))
            .actual();

    assertThat(error.reason()).isEqualTo(Etags.INVALID_ETAG);
    assertThat(error.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("ticket.etag"));
  }
}
