package dev.fieldops.invoicing.domain.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerTermsAndScopeTest {

  @Test
  void the_default_terms_are_net_thirty_days_from_the_issue_instant() {
    Instant issued = Instant.parse("2026-01-31T15:00:00Z");

    assertThat(PaymentTerms.DEFAULT.dueTime(issued))
        .isEqualTo(Instant.parse("2026-03-02T15:00:00Z"));
    assertThat(PaymentTerms.net(0).dueTime(issued)).isEqualTo(issued);
  }

  @ParameterizedTest(name = "net {0} days is refused")
  @ValueSource(ints = {-1, 366})
  void terms_beyond_a_year_or_negative_are_refused(int days) {
    assertThatThrownBy(() -> PaymentTerms.net(days, "payment_terms.net_days"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_PAYMENT_TERMS"));
  }

  @ParameterizedTest(name = "\"{0}\" is not a customer id")
  @ValueSource(strings = {"", "has space", "ümlaut", "a/b"})
  void customer_ids_are_one_to_sixty_four_safe_characters(String id) {
    assertThatThrownBy(() -> CustomerId.of(id, "customer_id"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_CUSTOMER_ID"));
    assertThatThrownBy(() -> CustomerId.of("x".repeat(65), "customer_id"))
        .isInstanceOf(InvalidInputException.class);
    assertThat(CustomerId.of("ACME_01-eu", "customer_id").value()).isEqualTo("ACME_01-eu");
  }

  @Test
  void a_customer_scope_permits_only_that_customer_and_the_staff_scope_everyone() {
    CustomerId acme = new CustomerId("acme");
    CustomerId globex = new CustomerId("globex");

    assertThat(AccessScope.onlyCustomer(acme).permits(acme)).isTrue();
    assertThat(AccessScope.onlyCustomer(acme).permits(globex)).isFalse();
    assertThat(AccessScope.onlyCustomer(acme).confinedTo()).contains(acme);
    assertThat(AccessScope.everyCustomer().permits(globex)).isTrue();
    assertThat(AccessScope.everyCustomer().confinedTo()).isEmpty();
  }
}
