package dev.fieldops.invoicing.application.shared;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import java.util.Map;

/**
 * Who may do what in invoicing, in one place:
 *
 * <ul>
 *   <li>staff with {@code BILLING_CLERK} or {@code ADMIN}: read and write everything;
 *   <li>the invoicing service itself ({@code Service} of context {@value #OWN_CONTEXT}: the overdue
 *       scheduler, event consumers recording charges): read and write everything;
 *   <li>a {@code Customer}: read its own invoices, payments, charges and balance — another
 *       customer's are not found, exactly as if missing, because the {@link AccessScope} goes into
 *       the port's query — and write nothing;
 *   <li>everyone else (support agents, telemetry operators, devices, other contexts): nothing.
 * </ul>
 *
 * A refused operation is the kernel's {@code PermissionDeniedException} (reason {@value
 * #ACTION_NOT_ALLOWED}; the platform maps it to PERMISSION_DENIED). The platform's method-level
 * rules normally refuse such callers before a handler runs; this is the handlers' own second line
 * of defence, so a wiring mistake cannot open a write to customers.
 */
public final class InvoicingAccess {

  /** The context name of the invoicing service's own service principal. */
  public static final String OWN_CONTEXT = "invoicing";

  /** The reason of every refusal: the caller may not use this operation at all. */
  public static final String ACTION_NOT_ALLOWED = "ACTION_NOT_ALLOWED";

  private InvoicingAccess() {}

  /** The scope {@code principal} reads in, or {@code PermissionDeniedException}. */
  public static AccessScope readScope(Principal principal) {
    if (principal instanceof Principal.Customer customer) {
      return AccessScope.onlyCustomer(customerIdOf(customer));
    }
    if (unrestricted(principal)) {
      return AccessScope.everyCustomer();
    }
    throw denied(principal, "read");
  }

  /**
   * The scope {@code principal} writes in (every customer), or {@code PermissionDeniedException}.
   */
  public static AccessScope writeScope(Principal principal) {
    if (unrestricted(principal)) {
      return AccessScope.everyCustomer();
    }
    throw denied(principal, "write");
  }

  private static boolean unrestricted(Principal principal) {
    return switch (principal) {
      case Principal.Staff staff -> staff.hasAnyRole(Role.BILLING_CLERK, Role.ADMIN);
      case Principal.Service service -> OWN_CONTEXT.equals(service.context());
      case Principal.Customer customer -> false;
      case Principal.Device device -> false;
    };
  }

  private static PermissionDeniedException denied(Principal principal, String action) {
    String kind = kindOf(principal);
    return new PermissionDeniedException(
        ACTION_NOT_ALLOWED,
        "a " + kind + " principal may not " + action + " invoicing data",
        Map.of("action", action, "principal_kind", kind));
  }

  private static String kindOf(Principal principal) {
    return switch (principal) {
      case Principal.Staff staff -> "staff";
      case Principal.Customer customer -> "customer";
      case Principal.Device device -> "device";
      case Principal.Service service -> "service";
    };
  }

  private static CustomerId customerIdOf(Principal.Customer customer) {
    try {
      return new CustomerId(customer.customerId());
    } catch (IllegalArgumentException malformed) {
      throw denied(customer, "read");
    }
  }
}
