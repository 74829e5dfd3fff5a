package dev.fieldops.telemetry.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small values every telemetry aggregate shares. */
class SharedValuesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "acme foods",
        "acme/foods"
      })
  void a_customer_id_is_1_to_64_characters_of_letters_digits_dash_and_underscore(String text) {
    assertThatThrownBy(() -> new CustomerId(text)).isInstanceOf(InvalidInputException.class);
    assertThat(CustomerId.tryParse(text)).isEmpty();
  }

  @Test
  void a_valid_customer_id_parses() {
    assertThat(CustomerId.tryParse("acme_foods-42")).contains(new CustomerId("acme_foods-42"));
  }

  @Test
  void a_stale_etag_is_a_conflict_and_no_etag_means_any_version() {
    Etag.check(Optional.empty(), 3, "device", "d-1");
    Etag.check(Optional.of(""), 3, "device", "d-1");
    Etag.check(Optional.of(Etag.of(3)), 3, "device", "d-1");

    assertThatThrownBy(() -> Etag.check(Optional.of(Etag.of(2)), 3, "device", "d-1"))
        .isInstanceOfSatisfying(
            ConcurrencyConflictException.class,
            e -> assertThat(e.reason()).isEqualTo("ETAG_MISMATCH"));
  }

  @Test
  void a_scope_confined_to_a_customer_sees_only_that_customer() {
    var acme = new CustomerId("acme");
    var globex = new CustomerId("globex");

    assertThat(AccessScope.customer(acme).includes(acme)).isTrue();
    assertThat(AccessScope.customer(acme).includes(globex)).isFalse();
    assertThat(AccessScope.everyone().includes(globex)).isTrue();
  }
}
