package dev.fieldops.support.domain.archfixturecycleb;

import dev.fieldops.support.domain.archfixturecyclea.TicketSideOfACycle;

/** The other half of a package cycle inside the domain. */
public class PolicySideOfACycle {
  public TicketSideOfACycle ticket() {
    return new TicketSideOfACycle();
  }
}
