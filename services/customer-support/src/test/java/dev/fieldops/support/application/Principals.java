package dev.fieldops.support.application;

import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.domain.customer.CustomerId;
import java.util.Set;

/** The callers tests talk about. */
public final class Principals {

  private Principals() {}

  public static Principal supportAgent() {
    return new Principal.Staff("agent-ada", Set.of(Role.SUPPORT_AGENT));
  }

  public static Principal admin() {
    return new Principal.Staff("admin-alan", Set.of(Role.ADMIN));
  }

  public static Principal billingClerk() {
    return new Principal.Staff("clerk-carl", Set.of(Role.BILLING_CLERK));
  }

  public static Principal telemetryOperator() {
    return new Principal.Staff("operator-olga", Set.of(Role.TELEMETRY_OPERATOR));
  }

  public static Principal customer(CustomerId customer) {
    return new Principal.Customer("user-of-" + customer.value(), customer.value());
  }

  public static Principal device() {
    return new Principal.Device("device-7", "0190d7a2-0000-7000-8000-000000000042");
  }

  public static Principal invoicingService() {
    return new Principal.Service("invoicing", "invoicing");
  }

  public static Principal supportAutomation() {
    return SupportAccess.AUTOMATION;
  }
}
