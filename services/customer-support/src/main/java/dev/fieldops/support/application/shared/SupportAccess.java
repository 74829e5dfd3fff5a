package dev.fieldops.support.application.shared;

import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.shared.Actor;
import java.util.Map;

/**
 * The access rules of customer support, in one place.
 *
 * <ul>
 *   <li>Staff with {@code SUPPORT_AGENT} or {@code ADMIN} see every customer's data and may do
 *       everything except {@link SupportAction#SCAN_SLA}, which needs {@code ADMIN}.
 *   <li>Support's own automation — a {@link Principal.Service} of context {@value #CONTEXT}, such
 *       as {@link #AUTOMATION} used by the SLA scheduler — may do everything.
 *   <li>A customer sees only its own profile and tickets and may only do what {@link
 *       SupportAction#customerMay()} allows. Another customer's object is reported as not found by
 *       the scoped query; a forbidden action on its own object is {@link
 *       PermissionDeniedException}.
 *   <li>Everyone else (devices, other staff roles, other contexts) is denied.
 * </ul>
 */
public final class SupportAccess {

  /** The context name a service principal of customer support's own automation carries. */
  public static final String CONTEXT = "support";

  /** The principal of customer support's own automation (SLA scheduler, event handlers). */
  public static final Principal AUTOMATION = new Principal.Service("customer-support", CONTEXT);

  private SupportAccess() {}

  /**
   * Whose data the principal may see.
   *
   * @throws PermissionDeniedException for principals support does not serve
   */
  public static CustomerScope scopeOf(Principal principal) {
    return switch (principal) {
      case Principal.Customer customer ->
          CustomerScope.confinedTo(new CustomerId(customer.customerId()));
      case Principal.Staff staff when isSupportStaff(staff) -> CustomerScope.unrestricted();
      case Principal.Service service when isAutomation(service) -> CustomerScope.unrestricted();
      default -> throw denied(principal, SupportAction.READ);
    };
  }

  /** Whether the principal may perform the action on data inside its scope. */
  public static boolean permits(Principal principal, SupportAction action) {
    return switch (principal) {
      case Principal.Customer customer -> action.customerMay();
      case Principal.Staff staff ->
          action == SupportAction.SCAN_SLA ? staff.hasAnyRole(Role.ADMIN) : isSupportStaff(staff);
      case Principal.Service service -> isAutomation(service);
      case Principal.Device device -> false;
    };
  }

  /** Throws {@link PermissionDeniedException} unless the principal may perform the action. */
  public static void require(Principal principal, SupportAction action) {
    if (!permits(principal, action)) {
      throw denied(principal, action);
    }
  }

  /** How the principal appears as the author of comments and events. */
  public static Actor actorOf(Principal principal) {
    return switch (principal) {
      case Principal.Staff staff -> Actor.staff(staff.subject());
      // The published contract names a customer author by its customer id.
      case Principal.Customer customer -> Actor.customer(customer.customerId());
      case Principal.Service service -> Actor.system(service.subject());
      case Principal.Device device -> throw denied(device, SupportAction.READ);
    };
  }

  /** The denial of an action. */
  public static PermissionDeniedException denied(Principal principal, SupportAction action) {
    return new PermissionDeniedException(
        "ACTION_NOT_ALLOWED",
        "the caller may not " + action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
        Map.of("action", action.name(), "principal_kind", kindOf(principal)));
  }

  private static boolean isSupportStaff(Principal.Staff staff) {
    return staff.hasAnyRole(Role.SUPPORT_AGENT, Role.ADMIN);
  }

  private static boolean isAutomation(Principal.Service service) {
    return service.context().equals(CONTEXT);
  }

  private static String kindOf(Principal principal) {
    return switch (principal) {
      case Principal.Staff staff -> "staff";
      case Principal.Customer customer -> "customer";
      case Principal.Device device -> "device";
      case Principal.Service service -> "service";
    };
  }
}
