package dev.fieldops.kernel;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is acting, as the domain and application layers see it: already authenticated by the
 * platform, described without any token or transport types. Object-level rules ("a customer sees
 * only its own tickets") are decided from this value and pushed into queries.
 */
public sealed interface Principal {

  /** The authenticated subject (the token's {@code sub}), for audit and "author" fields. */
  String subject();

  /**
   * The customer whose data this principal is confined to, or empty when it may see every
   * customer's data (staff and services).
   */
  default Optional<String> confinedToCustomer() {
    return Optional.empty();
  }

  /** Roles that staff principals can hold. */
  enum Role {
    SUPPORT_AGENT,
    BILLING_CLERK,
    TELEMETRY_OPERATOR,
    ADMIN
  }

  /** A FieldOps employee. */
  record Staff(String subject, Set<Role> roles) implements Principal {
    public Staff {
      Objects.requireNonNull(subject, "subject");
      roles = Set.copyOf(roles);
    }

    public boolean hasAnyRole(Role... wanted) {
      for (Role role : wanted) {
        if (roles.contains(role)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A customer, bound to exactly one customer id. */
  record Customer(String subject, String customerId) implements Principal {
    public Customer {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(customerId, "customerId");
    }

    @Override
    public Optional<String> confinedToCustomer() {
      return Optional.of(customerId);
    }
  }

  /** A sensor, bound to exactly one device id; it may only ingest its own readings. */
  record Device(String subject, String deviceId) implements Principal {
    public Device {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(deviceId, "deviceId");
    }
  }

  /** Another FieldOps context calling this one (for example customer-support asking telemetry). */
  record Service(String subject, String context) implements Principal {
    public Service {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(context, "context");
    }
  }
}
