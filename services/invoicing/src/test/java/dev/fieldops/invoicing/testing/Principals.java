package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import java.util.Set;

/** The callers of invoicing, by what they are. */
public final class Principals {

  private Principals() {}

  public static Principal billingClerk() {
    return new Principal.Staff("clerk@fieldops.dev", Set.of(Role.BILLING_CLERK));
  }

  public static Principal admin() {
    return new Principal.Staff("admin@fieldops.dev", Set.of(Role.ADMIN));
  }

  public static Principal supportAgent() {
    return new Principal.Staff("agent@fieldops.dev", Set.of(Role.SUPPORT_AGENT));
  }

  public static Principal customer(CustomerId customer) {
    return new Principal.Customer("user-of-" + customer.value(), customer.value());
  }

  public static Principal device() {
    return new Principal.Device("device:d-17", "d-17");
  }

  /** The invoicing service itself (its scheduler, its event consumers). */
  public static Principal invoicingService() {
    return new Principal.Service("svc:invoicing", InvoicingAccess.OWN_CONTEXT);
  }

  public static Principal customerSupportService() {
    return new Principal.Service("svc:customer-support", "customer-support");
  }
}
