package dev.fieldops.telemetry.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.telemetry.domain.shared.Etag;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ViewsTest {

  @Test
  void an_etag_is_the_version_as_a_decimal_and_comes_back_as_the_domains_etag() {
    assertThat(Views.etag(3)).isEqualTo("3");
    assertThatCode(() -> Etag.check(Views.etag("3"), 3, "device", "d")).doesNotThrowAnyException();
    assertThat(Views.etag("")).isEmpty();
  }

  @Test
  void an_etag_that_does_not_parse_is_stale_whatever_the_version() {
    for (String sent : new String[] {"\"3\"", "three", "3.0", "-1"}) {
      assertThat(Views.etag(sent)).isNotEqualTo(Optional.of(Etag.of(3)));
      assertThatThrownBy(() -> Etag.check(Views.etag(sent), 3, "device", "d"))
          .isInstanceOf(ConcurrencyConflictException.class);
    }
  }
}
