package dev.fieldops.support.domain.customer;

import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Text;
import dev.fieldops.support.domain.shared.ChangeContext;
import dev.fieldops.support.domain.shared.InputCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A customer's support profile: whom to contact (name, e-mail, phone), which support tier the
 * customer pays for, and free-text notes for agents.
 *
 * <p>Lifecycle: a profile does not exist until staff first write it ({@code
 * UpdateCustomerSupportDetails} with {@code allow_missing}); it is created with the masked fields
 * and {@link SupportTier#BASIC} unless a tier is given. Afterwards each update changes only the
 * fields named in its mask. A profile is never deleted. Every change that actually changes a value
 * raises one {@link CustomerSupportDetailsUpdated} and increases {@link #version()} by one, so the
 * n-th event of a profile carries version n; an update that changes nothing raises nothing and
 * leaves the version alone.
 */
public final class CustomerSupportDetails {

  static final int MAX_CONTACT_NAME = 200;
  static final int MAX_EMAIL = 254;
  static final int MAX_NOTES = 4000;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");
  private static final Pattern E164_PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private final CustomerId customerId;
  private String contactName;
  private String email;
  private String phone;
  private SupportTier supportTier;
  private String notes;
  private long version;
  private final Instant createTime;
  private Instant updateTime;
  private final List<CustomerSupportDetailsUpdated> pendingEvents = new ArrayList<>();

  private CustomerSupportDetails(CustomerSupportDetailsSnapshot s) {
    this.customerId = s.customerId();
    this.contactName = s.contactName();
    this.email = s.email();
    this.phone = s.phone();
    this.supportTier = s.supportTier();
    this.notes = s.notes();
    this.version = s.version();
    this.createTime = s.createTime();
    this.updateTime = s.updateTime();
  }

  /**
   * Creates the profile of {@code customerId} from the masked {@code values}; unmasked contact
   * fields start empty and an unmasked tier starts as {@link SupportTier#BASIC}.
   */
  public static CustomerSupportDetails create(
      CustomerId customerId,
      CustomerSupportDetailsValues values,
      Set<CustomerSupportDetailsField> fields,
      ChangeContext context) {
    Objects.requireNonNull(customerId, "customerId");
    validate(values, fields);
    var profile =
        new CustomerSupportDetails(
            new CustomerSupportDetailsSnapshot(
                customerId,
                fields.contains(CustomerSupportDetailsField.CONTACT_NAME)
                    ? values.contactName()
                    : "",
                fields.contains(CustomerSupportDetailsField.EMAIL) ? values.email() : "",
                fields.contains(CustomerSupportDetailsField.PHONE) ? values.phone() : "",
                fields.contains(CustomerSupportDetailsField.SUPPORT_TIER)
                    ? values.supportTier().orElseThrow()
                    : SupportTier.forCustomerWithoutProfile(),
                fields.contains(CustomerSupportDetailsField.NOTES) ? values.notes() : "",
                1,
                context.now(),
                context.now()));
    // The snapshot above describes the profile as stored after creation; raise() counts the
    // creation itself as change number one.
    profile.version = 0;
    profile.raise(
        true, EnumSet.allOf(CustomerSupportDetailsField.class), Optional.empty(), context);
    return profile;
  }

  /** Rebuilds a stored profile; it has no pending events. */
  public static CustomerSupportDetails restore(CustomerSupportDetailsSnapshot snapshot) {
    return new CustomerSupportDetails(snapshot);
  }

  /** The not-found error for a profile that does not exist or may not be seen. */
  public static NotFoundException notFound(CustomerId customerId) {
    return new NotFoundException(
        "CUSTOMER_SUPPORT_DETAILS_NOT_FOUND",
        "no support details for customer " + customerId,
        Map.of("customer_id", customerId.value()));
  }

  /**
   * Applies the masked {@code values}. Fields outside the mask keep their value; if no masked field
   * actually changes, nothing happens (no event, same version).
   */
  public void update(
      CustomerSupportDetailsValues values,
      Set<CustomerSupportDetailsField> fields,
      ChangeContext context) {
    validate(values, fields);
    var changed = EnumSet.noneOf(CustomerSupportDetailsField.class);
    var previousTier = supportTier;
    for (var field : fields) {
      switch (field) {
        case CONTACT_NAME -> {
          if (!contactName.equals(values.contactName())) {
            contactName = values.contactName();
            changed.add(field);
          }
        }
        case EMAIL -> {
          if (!email.equals(values.email())) {
            email = values.email();
            changed.add(field);
          }
        }
        case PHONE -> {
          if (!phone.equals(values.phone())) {
            phone = values.phone();
            changed.add(field);
          }
        }
        case SUPPORT_TIER -> {
          var tier = values.supportTier().orElseThrow();
          if (supportTier != tier) {
            supportTier = tier;
            changed.add(field);
          }
        }
        case NOTES -> {
          if (!notes.equals(values.notes())) {
            notes = values.notes();
            changed.add(field);
          }
        }
      }
    }
    if (!changed.isEmpty()) {
      updateTime = context.now();
      raise(false, changed, Optional.of(previousTier), context);
    }
  }

  private static void validate(
      CustomerSupportDetailsValues values, Set<CustomerSupportDetailsField> fields) {
    var check = InputCheck.of("INVALID_CUSTOMER_SUPPORT_DETAILS");
    if (fields.contains(CustomerSupportDetailsField.CONTACT_NAME)) {
      check.require(
          Text.atMost(values.contactName(), MAX_CONTACT_NAME),
          "contact_name",
          "at most " + MAX_CONTACT_NAME + " characters");
      check.require(
          values.contactName().codePoints().noneMatch(Character::isISOControl),
          "contact_name",
          "a single line of printable text");
    }
    if (fields.contains(CustomerSupportDetailsField.EMAIL) && !values.email().isEmpty()) {
      check.require(
          Text.atMost(values.email(), MAX_EMAIL) && EMAIL.matcher(values.email()).matches(),
          "email",
          "an e-mail address (name@domain), at most " + MAX_EMAIL + " characters, or empty");
    }
    if (fields.contains(CustomerSupportDetailsField.PHONE) && !values.phone().isEmpty()) {
      check.require(
          E164_PHONE.matcher(values.phone()).matches(),
          "phone",
          "a phone number in E.164 form such as +4930123456, or empty");
    }
    if (fields.contains(CustomerSupportDetailsField.SUPPORT_TIER)) {
      check.require(
          values.supportTier().isPresent(), "support_tier", "one of BASIC, STANDARD, PREMIUM");
    }
    if (fields.contains(CustomerSupportDetailsField.NOTES)) {
      check.require(
          Text.atMost(values.notes(), MAX_NOTES), "notes", "at most " + MAX_NOTES + " characters");
      check.require(InputCheck.isPrintable(values.notes()), "notes", "printable text");
    }
    check.orThrow();
  }

  private void raise(
      boolean created,
      Set<CustomerSupportDetailsField> changed,
      Optional<SupportTier> previousTier,
      ChangeContext context) {
    version++;
    pendingEvents.add(
        new CustomerSupportDetailsUpdated(
            context.newId(),
            context.now(),
            customerId,
            version,
            context.actor(),
            created,
            changed,
            contactName,
            email,
            phone,
            supportTier,
            previousTier));
  }

  /**
   * Hands the events raised since the last call to the caller (the repository) and forgets them.
   */
  public List<CustomerSupportDetailsUpdated> pullEvents() {
    var events = List.copyOf(pendingEvents);
    pendingEvents.clear();
    return events;
  }

  public CustomerSupportDetailsSnapshot snapshot() {
    return new CustomerSupportDetailsSnapshot(
        customerId, contactName, email, phone, supportTier, notes, version, createTime, updateTime);
  }

  public CustomerId customerId() {
    return customerId;
  }

  public String contactName() {
    return contactName;
  }

  public String email() {
    return email;
  }

  public String phone() {
    return phone;
  }

  public SupportTier supportTier() {
    return supportTier;
  }

  public String notes() {
    return notes;
  }

  /** The number of changes the profile has seen; the adapter derives the etag from it. */
  public long version() {
    return version;
  }

  public Instant createTime() {
    return createTime;
  }

  public Instant updateTime() {
    return updateTime;
  }
}
