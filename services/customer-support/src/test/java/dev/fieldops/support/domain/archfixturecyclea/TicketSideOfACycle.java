package dev.fieldops.support.domain.archfixturecyclea;

import dev.fieldops.support.domain.archfixturecycleb.PolicySideOfACycle;

/** One half of a package cycle inside the domain (see the other half). */
public class TicketSideOfACycle {
  public PolicySideOfACycle policy() {
    return new PolicySideOfACycle();
  }
}
