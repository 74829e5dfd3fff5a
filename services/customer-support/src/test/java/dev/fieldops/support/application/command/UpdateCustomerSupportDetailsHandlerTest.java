package dev.fieldops.support.application.command;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static dev.fieldops.support.domain.ticket.TicketFixtures.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.application.TestApplication;
import dev.fieldops.support.application.query.AccountStanding;
import dev.fieldops.support.application.query.CustomerSupportDetailsView;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsField;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsUpdated;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsValues;
import dev.fieldops.support.domain.customer.SupportTier;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class UpdateCustomerSupportDetailsHandlerTest {

  private final TestApplication app = new TestApplication();

  private static final CustomerSupportDetailsValues PREMIUM_CONTACT =
      CustomerSupportDetailsValues.none()
          .withContactName("Ada Lovelace")
          .withEmail("ada@acme.example")
          .withSupportTier(SupportTier.PREMIUM)
          .withNotes("Night shift calls only after 22:00.");

  private CustomerSupportDetailsView update(
      Principal principal, CustomerId customer, boolean allowMissing, ExpectedVersion etagVersion) {
    return app.updateCustomer.handle(
        new UpdateCustomerSupportDetails(
            principal,
            customer,
            PREMIUM_CONTACT,
            EnumSet.allOf(CustomerSupportDetailsField.class),
            allowMissing,
            etagVersion));
  }

  @Test
  void allow_missing_creates_the_profile_and_announces_it() {
    var view = update(Principals.supportAgent(), ACME, true, ExpectedVersion.any());

    assertThat(view.customerId()).isEqualTo(ACME);
    assertThat(view.supportTier()).isEqualTo(SupportTier.PREMIUM);
    assertThat(view.notes()).contains("Night shift calls only after 22:00.");
    assertThat(view.version()).isEqualTo(1);
    assertThat(view.openTicketCount()).isZero();
    assertThat(view.accountStanding()).isEqualTo(AccountStanding.UNKNOWN);
    assertThat(view.activeAlertCount()).isZero();
    assertThat(app.store.outbox.eventsOfType(CustomerSupportDetailsUpdated.class))
        .singleElement()
        .satisfies(created -> assertThat(created.created()).isTrue());
  }

  @Test
  void without_allow_missing_a_missing_profile_is_not_found() {
    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(() -> update(Principals.supportAgent(), ACME, false, ExpectedVersion.any()))
            .actual();

    assertThat(notFound.reason()).isEqualTo("CUSTOMER_SUPPORT_DETAILS_NOT_FOUND");
    assertThat(notFound.metadata()).containsEntry("customer_id", ACME.value());
    assertThat(app.store.customers.find(ACME, CustomerScope.unrestricted())).isEmpty();
    assertThat(app.store.outbox.events()).isEmpty();
  }

  @Test
  void a_masked_update_changes_only_the_named_fields() {
    update(Principals.supportAgent(), ACME, true, ExpectedVersion.any());

    var view =
        app.updateCustomer.handle(
            new UpdateCustomerSupportDetails(
                Principals.admin(),
                ACME,
                CustomerSupportDetailsValues.none().withPhone("+4930123456"),
                CustomerSupportDetailsField.fromPaths(java.util.List.of("phone")),
                false,
                ExpectedVersion.of(1)));

    assertThat(view.phone()).isEqualTo("+4930123456");
    assertThat(view.contactName()).isEqualTo("Ada Lovelace");
    assertThat(view.version()).isEqualTo(2);
  }

  @Test
  void a_stale_etag_changes_nothing() {
    update(Principals.supportAgent(), ACME, true, ExpectedVersion.any());

    var conflict =
        assertThatExceptionOfType(ConcurrencyConflictException.class)
            .isThrownBy(
                () ->
                    app.updateCustomer.handle(
                        new UpdateCustomerSupportDetails(
                            Principals.supportAgent(),
                            ACME,
                            CustomerSupportDetailsValues.none().withSupportTier(SupportTier.BASIC),
                            EnumSet.of(CustomerSupportDetailsField.SUPPORT_TIER),
                            false,
                            ExpectedVersion.of(7))))
            .actual();

    assertThat(conflict.reason()).isEqualTo("ETAG_MISMATCH");
    assertThat(
            app.store
                .customers
                .find(ACME, CustomerScope.unrestricted())
                .orElseThrow()
                .supportTier())
        .isEqualTo(SupportTier.PREMIUM);
    assertThat(app.store.outbox.events()).hasSize(1);
  }

  @Test
  void an_etag_for_a_profile_that_does_not_exist_yet_is_stale() {
    var conflict =
        assertThatExceptionOfType(ConcurrencyConflictException.class)
            .isThrownBy(() -> update(Principals.supportAgent(), ACME, true, ExpectedVersion.of(1)))
            .actual();

    assertThat(conflict.reason()).isEqualTo("ETAG_MISMATCH");
    assertThat(app.store.customers.find(ACME, CustomerScope.unrestricted())).isEmpty();
  }

  @Test
  void a_customer_may_read_but_not_change_its_own_profile() {
    update(Principals.supportAgent(), ACME, true, ExpectedVersion.any());

    var denied =
        assertThatExceptionOfType(PermissionDeniedException.class)
            .isThrownBy(() -> update(Principals.customer(ACME), ACME, true, ExpectedVersion.any()))
            .actual();

    assertThat(denied.metadata()).containsEntry("action", "UPDATE_CUSTOMER_SUPPORT_DETAILS");
    assertThat(app.store.outbox.events()).hasSize(1);
  }

  @Test
  void another_customers_profile_is_not_found_and_never_created() {
    var notFound =
        assertThatExceptionOfType(NotFoundException.class)
            .isThrownBy(
                () -> update(Principals.customer(GLOBEX), ACME, true, ExpectedVersion.any()))
            .actual();

    assertThat(notFound.reason()).isEqualTo("CUSTOMER_SUPPORT_DETAILS_NOT_FOUND");
    assertThat(app.store.customers.find(ACME, CustomerScope.unrestricted())).isEmpty();
    assertThat(app.store.outbox.events()).isEmpty();
  }

  @Test
  void principals_support_does_not_serve_are_denied() {
    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(() -> update(Principals.billingClerk(), ACME, true, ExpectedVersion.any()));

    assertThat(app.store.outbox.events()).isEmpty();
  }
}
