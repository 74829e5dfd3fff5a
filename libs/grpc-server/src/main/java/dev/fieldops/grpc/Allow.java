package dev.fieldops.grpc;

import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who may call a method: one entry of a {@link MethodPolicy} rule. A rule allows a caller if any of
 * its entries does. Import the factories statically: {@code allow(method, staff(SUPPORT_AGENT,
 * ADMIN), customer())}.
 */
public sealed interface Allow {

  /** Whether {@code principal} passes this entry. */
  boolean permits(Principal principal);

  /** Staff holding at least one of {@code roles}. */
  static Allow staff(Role role, Role... moreRoles) {
    return new StaffWithRole(EnumSet.of(role, moreRoles));
  }

  /** Any staff member, whatever the roles. */
  static Allow anyStaff() {
    return new StaffWithRole(EnumSet.allOf(Role.class));
  }

  /**
   * Any customer. The handler still confines the customer to its own data ({@code WHERE customer_id
   * = :caller}).
   */
  static Allow customer() {
    return new AnyCustomer();
  }

  /** Any device; the handler confines it to its own readings. */
  static Allow device() {
    return new AnyDevice();
  }

  /** Another FieldOps context, named as in its token's {@code context} claim. */
  static Allow service(String context, String... moreContexts) {
    List<String> contexts = new ArrayList<>();
    contexts.add(context);
    contexts.addAll(List.of(moreContexts));
    return new ServiceContext(Set.copyOf(contexts));
  }

  /** Staff holding one of the roles. */
  record StaffWithRole(Set<Role> roles) implements Allow {
    public StaffWithRole {
      roles = Set.copyOf(roles);
      if (roles.isEmpty()) {
        throw new IllegalArgumentException("name at least one role");
      }
    }

    @Override
    public boolean permits(Principal principal) {
      return principal instanceof Principal.Staff staff
          && staff.hasAnyRole(roles.toArray(Role[]::new));
    }
  }

  /** Any customer principal. */
  record AnyCustomer() implements Allow {
    @Override
    public boolean permits(Principal principal) {
      return principal instanceof Principal.Customer;
    }
  }

  /** Any device principal. */
  record AnyDevice() implements Allow {
    @Override
    public boolean permits(Principal principal) {
      return principal instanceof Principal.Device;
    }
  }

  /** Service principals of the named contexts. */
  record ServiceContext(Set<String> contexts) implements Allow {
    public ServiceContext {
      contexts = Set.copyOf(contexts);
      if (contexts.isEmpty()) {
        throw new IllegalArgumentException("name at least one context");
      }
    }

    @Override
    public boolean permits(Principal principal) {
      return principal instanceof Principal.Service service && contexts.contains(service.context());
    }
  }
}
