package dev.fieldops.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectedVersionTest {

  @Test
  void no_etag_accepts_whatever_version_is_current() {
    assertThat(ExpectedVersion.any().isAny()).isTrue();
    assertThat(ExpectedVersion.any().matches(1)).isTrue();
    assertThatCode(() -> ExpectedVersion.any().requireCurrent(42, "device", "d-1"))
        .doesNotThrowAnyException();
  }

  @Test
  void the_current_version_lets_the_change_go_ahead() {
    var expected = ExpectedVersion.of(3);

    assertThat(expected.isAny()).isFalse();
    assertThat(expected.version()).isEqualTo(3);
    assertThat(expected.matches(3)).isTrue();
    assertThatCode(() -> expected.requireCurrent(3, "device", "d-1")).doesNotThrowAnyException();
  }

  @Test
  void another_version_is_a_stale_etag_naming_the_resource() {
    ConcurrencyConflictException conflict =
        assertThatExceptionOfType(ConcurrencyConflictException.class)
            .isThrownBy(() -> ExpectedVersion.of(2).requireCurrent(3, "alert_rule", "r-1"))
            .actual();

    assertThat(conflict.reason()).isEqualTo("ETAG_MISMATCH");
    assertThat(conflict.metadata()).isEqualTo(Map.of("alert_rule_id", "r-1"));
    assertThat(ExpectedVersion.of(4).matches(3)).isFalse();
  }

  @Test
  void any_version_names_no_number() {
    assertThatIllegalStateException().isThrownBy(() -> ExpectedVersion.any().version());
  }

  @Test
  void equal_versions_are_equal_values() {
    assertThat(ExpectedVersion.of(5))
        .isEqualTo(ExpectedVersion.of(5))
        .hasSameHashCodeAs(ExpectedVersion.of(5))
        .isNotEqualTo(ExpectedVersion.of(6));
    assertThat(ExpectedVersion.any())
        .isEqualTo(ExpectedVersion.any())
        .isNotEqualTo(ExpectedVersion.of(0));
  }
}
