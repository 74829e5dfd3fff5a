package dev.fieldops.support.domain.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.support.domain.shared.Actor;
import dev.fieldops.support.domain.shared.ChangeContext;
import dev.fieldops.support.testing.TestIds;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerSupportDetailsTest {

  private static final CustomerId ACME = CustomerId.of("acme-cold-storage");
  private static final Instant CREATED_AT = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant LATER = CREATED_AT.plusSeconds(3600);
  private final TestIds ids = new TestIds();

  private ChangeContext byAgentAt(Instant at) {
    return new ChangeContext(Actor.staff("agent-ada"), Stamp.of(at, ids));
  }

  private CustomerSupportDetails acmeProfile() {
    var profile =
        CustomerSupportDetails.create(
            ACME,
            CustomerSupportDetailsValues.none()
                .withContactName("Ada Lovelace")
                .withEmail("ada@acme.example")
                .withSupportTier(SupportTier.STANDARD),
            EnumSet.of(
                CustomerSupportDetailsField.CONTACT_NAME,
                CustomerSupportDetailsField.EMAIL,
                CustomerSupportDetailsField.SUPPORT_TIER),
            byAgentAt(CREATED_AT));
    profile.pullEvents();
    return profile;
  }

  @Test
  void a_new_profile_takes_the_masked_fields_and_is_basic_unless_told_otherwise() {
    var profile =
        CustomerSupportDetails.create(
            ACME,
            CustomerSupportDetailsValues.none().withContactName("Ada").withPhone("+4930123456"),
            EnumSet.of(CustomerSupportDetailsField.CONTACT_NAME),
            byAgentAt(CREATED_AT));

    assertThat(profile.contactName()).isEqualTo("Ada");
    assertThat(profile.phone()).isEmpty();
    assertThat(profile.supportTier()).isEqualTo(SupportTier.BASIC);
    assertThat(profile.version()).isEqualTo(1);
    assertThat(profile.createTime()).isEqualTo(CREATED_AT);
    assertThat(profile.pullEvents())
        .singleElement()
        .satisfies(
            created -> {
              assertThat(created.created()).isTrue();
              assertThat(created.version()).isEqualTo(1);
              assertThat(created.customerId()).isEqualTo(ACME);
              assertThat(created.aggregateId()).isEqualTo("acme-cold-storage");
              assertThat(created.changedFields())
                  .containsExactlyInAnyOrder(CustomerSupportDetailsField.values());
            });
  }

  @Test
  void an_update_changes_only_the_masked_fields() {
    var profile = acmeProfile();

    profile.update(
        CustomerSupportDetailsValues.none()
            .withContactName("ignored")
            .withSupportTier(SupportTier.PREMIUM)
            .withNotes("Night shift calls only after 22:00."),
        EnumSet.of(CustomerSupportDetailsField.SUPPORT_TIER, CustomerSupportDetailsField.NOTES),
        byAgentAt(LATER));

    assertThat(profile.contactName()).isEqualTo("Ada Lovelace");
    assertThat(profile.supportTier()).isEqualTo(SupportTier.PREMIUM);
    assertThat(profile.notes()).isEqualTo("Night shift calls only after 22:00.");
    assertThat(profile.version()).isEqualTo(2);
    assertThat(profile.updateTime()).isEqualTo(LATER);
    assertThat(profile.pullEvents())
        .singleElement()
        .satisfies(
            updated -> {
              assertThat(updated.created()).isFalse();
              assertThat(updated.changedFields())
                  .containsExactlyInAnyOrder(
                      CustomerSupportDetailsField.SUPPORT_TIER, CustomerSupportDetailsField.NOTES);
              assertThat(updated.supportTier()).isEqualTo(SupportTier.PREMIUM);
            });
  }

  @Test
  void a_tier_change_records_the_tier_the_customer_had_before() {
    var profile = acmeProfile();

    profile.update(
        CustomerSupportDetailsValues.none().withSupportTier(SupportTier.PREMIUM),
        EnumSet.of(CustomerSupportDetailsField.SUPPORT_TIER),
        byAgentAt(LATER));

    assertThat(profile.pullEvents())
        .singleElement()
        .satisfies(
            updated -> {
              assertThat(updated.supportTier()).isEqualTo(SupportTier.PREMIUM);
              assertThat(updated.previousSupportTier()).contains(SupportTier.STANDARD);
            });
  }

  @Test
  void a_new_profile_records_no_earlier_tier() {
    var profile =
        CustomerSupportDetails.create(
            ACME,
            CustomerSupportDetailsValues.none().withSupportTier(SupportTier.PREMIUM),
            EnumSet.of(CustomerSupportDetailsField.SUPPORT_TIER),
            byAgentAt(CREATED_AT));

    assertThat(profile.pullEvents())
        .singleElement()
        .satisfies(created -> assertThat(created.previousSupportTier()).isEmpty());
  }

  @Test
  void an_update_that_changes_nothing_raises_nothing() {
    var profile = acmeProfile();

    profile.update(
        CustomerSupportDetailsValues.none().withContactName("Ada Lovelace"),
        EnumSet.of(CustomerSupportDetailsField.CONTACT_NAME),
        byAgentAt(LATER));

    assertThat(profile.version()).isEqualTo(1);
    assertThat(profile.updateTime()).isEqualTo(CREATED_AT);
    assertThat(profile.pullEvents()).isEmpty();
  }

  @Test
  void invalid_contact_details_are_refused_all_at_once() {
    var profile = acmeProfile();

    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(
                () ->
                    profile.update(
                        new CustomerSupportDetailsValues(
                            "x".repeat(201),
                            "not-an-address",
                            "030 123456",
                            java.util.Optional.empty(),
                            ""),
                        EnumSet.allOf(CustomerSupportDetailsField.class),
                        byAgentAt(LATER)))
            .actual();

    assertThat(invalid.reason()).isEqualTo("INVALID_CUSTOMER_SUPPORT_DETAILS");
    assertThat(invalid.violations())
        .extracting(FieldViolation::field)
        .containsExactly("contact_name", "email", "phone", "support_tier");
    assertThat(profile.version()).isEqualTo(1);
  }

  @Test
  void contact_fields_can_be_cleared() {
    var profile = acmeProfile();

    profile.update(
        CustomerSupportDetailsValues.none(),
        EnumSet.of(CustomerSupportDetailsField.EMAIL),
        byAgentAt(LATER));

    assertThat(profile.email()).isEmpty();
  }

  @Test
  void update_mask_paths_name_only_writable_fields() {
    assertThat(CustomerSupportDetailsField.fromPaths(List.of("email", "support_tier")))
        .containsExactlyInAnyOrder(
            CustomerSupportDetailsField.EMAIL, CustomerSupportDetailsField.SUPPORT_TIER);
    assertThat(CustomerSupportDetailsField.fromPaths(List.of("*")))
        .isEqualTo(Set.of(CustomerSupportDetailsField.values()));

    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(
                () -> CustomerSupportDetailsField.fromPaths(List.of("email", "open_ticket_count")))
            .actual();
    assertThat(invalid.reason()).isEqualTo("INVALID_UPDATE_MASK");
    assertThat(invalid.violations())
        .extracting(FieldViolation::field)
        .containsExactly("update_mask");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "acme cold",
        "acme/1",
        "ä",
        "x1234567890123456789012345678901234567890123456789012345678901234"
      })
  void a_customer_id_is_1_to_64_characters_of_letters_digits_underscore_and_dash(String text) {
    var invalid =
        assertThatExceptionOfType(InvalidInputException.class)
            .isThrownBy(() -> CustomerId.of(text))
            .actual();

    assertThat(invalid.reason()).isEqualTo("INVALID_CUSTOMER_ID");
    assertThat(invalid.violations())
        .extracting(FieldViolation::field)
        .containsExactly("customer_id");
  }

  @Test
  void a_scope_confined_to_one_customer_permits_only_that_customer() {
    var acmeOnly = CustomerScope.confinedTo(ACME);

    assertThat(acmeOnly.permits(ACME)).isTrue();
    assertThat(acmeOnly.permits(CustomerId.of("globex"))).isFalse();
    assertThat(CustomerScope.unrestricted().permits(CustomerId.of("globex"))).isTrue();
  }
}
