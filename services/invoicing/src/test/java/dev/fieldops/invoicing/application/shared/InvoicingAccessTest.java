package dev.fieldops.invoicing.application.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.testing.Principals;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.Principal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvoicingAccessTest {

  static Stream<Arguments> unrestricted() {
    return Stream.of(
        Arguments.of("billing clerk", Principals.billingClerk()),
        Arguments.of("admin", Principals.admin()),
        Arguments.of("invoicing service", Principals.invoicingService()));
  }

  static Stream<Arguments> outsiders() {
    return Stream.of(
        Arguments.of("support agent", Principals.supportAgent()),
        Arguments.of("device", Principals.device()),
        Arguments.of("customer-support service", Principals.customerSupportService()));
  }

  @ParameterizedTest(name = "a {0} reads and writes every customer's data")
  @MethodSource("unrestricted")
  void billing_staff_and_the_service_itself_may_do_everything(String who, Principal principal) {
    assertThat(InvoicingAccess.readScope(principal)).isEqualTo(AccessScope.everyCustomer());
    assertThat(InvoicingAccess.writeScope(principal)).isEqualTo(AccessScope.everyCustomer());
  }

  @Test
  void a_customer_reads_only_its_own_data_and_writes_nothing() {
    CustomerId acme = new CustomerId("acme");
    Principal customer = Principals.customer(acme);

    assertThat(InvoicingAccess.readScope(customer)).isEqualTo(AccessScope.onlyCustomer(acme));
    assertThatThrownBy(() -> InvoicingAccess.writeScope(customer))
        .isInstanceOfSatisfying(
            PermissionDeniedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("ACTION_NOT_ALLOWED");
              assertThat(e.metadata())
                  .containsEntry("action", "write")
                  .containsEntry("principal_kind", "customer");
            });
  }

  @ParameterizedTest(name = "a {0} may neither read nor write")
  @MethodSource("outsiders")
  void everyone_else_is_refused_outright(String who, Principal principal) {
    assertThatThrownBy(() -> InvoicingAccess.readScope(principal))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> InvoicingAccess.writeScope(principal))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void a_customer_principal_with_a_malformed_customer_id_is_refused() {
    Principal broken = new Principal.Customer("user", "not a valid id");

    assertThatThrownBy(() -> InvoicingAccess.readScope(broken))
        .isInstanceOf(PermissionDeniedException.class);
  }
}
