package dev.fieldops.support.domain.customer;

import java.util.Objects;
import java.util.Optional;

/**
 * The values a caller sent for a profile update. Only the fields named in the accompanying mask are
 * applied; the others are ignored whatever they hold. An empty string means "unknown" for the
 * contact fields; an empty tier means the caller named none.
 */
public record CustomerSupportDetailsValues(
    String contactName,
    String email,
    String phone,
    Optional<SupportTier> supportTier,
    String notes) {

  public CustomerSupportDetailsValues {
    Objects.requireNonNull(contactName, "contactName");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(supportTier, "supportTier");
    Objects.requireNonNull(notes, "notes");
  }

  /** No values at all: combined with a mask this clears the masked contact fields. */
  public static CustomerSupportDetailsValues none() {
    return new CustomerSupportDetailsValues("", "", "", Optional.empty(), "");
  }

  public CustomerSupportDetailsValues withContactName(String value) {
    return new CustomerSupportDetailsValues(value, email, phone, supportTier, notes);
  }

  public CustomerSupportDetailsValues withEmail(String value) {
    return new CustomerSupportDetailsValues(contactName, value, phone, supportTier, notes);
  }

  public CustomerSupportDetailsValues withPhone(String value) {
    return new CustomerSupportDetailsValues(contactName, email, value, supportTier, notes);
  }

  public CustomerSupportDetailsValues withSupportTier(SupportTier value) {
    return new CustomerSupportDetailsValues(contactName, email, phone, Optional.of(value), notes);
  }

  public CustomerSupportDetailsValues withNotes(String value) {
    return new CustomerSupportDetailsValues(contactName, email, phone, supportTier, value);
  }
}
