package dev.fieldops.support.domain.archfixture;

import dev.fieldops.support.adapter.archfixture.AdapterStandIn;

/** Breaks the layering: the domain calling an adapter. */
public class DomainClassUsingAnAdapter {
  public void save() {
    new AdapterStandIn().save();
  }
}
