package dev.fieldops.telemetry.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
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
  void a_scope_confined_to_a_customer_sees_only_that_customer() {
    var acme = new CustomerId("acme");
    var globex = new CustomerId("globex");

    assertThat(AccessScope.customer(acme).includes(acme)).isTrue();
    assertThat(AccessScope.customer(acme).includes(globex)).isFalse();
    assertThat(AccessScope.everyone().includes(globex)).isTrue();
  }
}
