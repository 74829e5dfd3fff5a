package dev.fieldops.invoicing.archfixture.domain;

/** Violates domain purity: the wire's google.type.Money instead of the domain's Money. */
public final class GoogleTypeMoneyInDomain {
  public long units(com.google.type.Money amount) {
    return amount.getUnits();
  }
}
