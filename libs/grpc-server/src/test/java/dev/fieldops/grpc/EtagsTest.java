package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EtagsTest {

  @Test
  void an_etag_is_the_version_in_decimal_and_reads_back() {
    assertThat(Etags.of(7)).isEqualTo("7");
    assertThat(Etags.expectedVersion(Etags.of(7))).isEqualTo(OptionalLong.of(7));
  }

  @Test
  void no_etag_is_unconditional() {
    assertThat(Etags.expectedVersion("")).isEmpty();
  }

  @Test
  void an_etag_no_service_hands_out_names_a_version_no_aggregate_has() {
    assertThat(Etags.expectedVersion("W/\"abc\"")).isEqualTo(OptionalLong.of(-1));
    assertThat(Etags.expectedVersion("0")).isEqualTo(OptionalLong.of(-1));
    assertThat(Etags.expectedVersion("-5")).isEqualTo(OptionalLong.of(-1));
  }
}
