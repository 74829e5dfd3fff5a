package dev.fieldops.support.domain.archfixture;

import dev.fieldops.kernel.Principal;
import dev.fieldops.support.application.SupportAccess;
import dev.fieldops.support.domain.customer.CustomerScope;

/** Breaks the layering: the domain reaching up into the application layer's access rules. */
public class DomainClassUsingTheApplication {
  public CustomerScope scopeOf(Principal principal) {
    return SupportAccess.scopeOf(principal);
  }
}
