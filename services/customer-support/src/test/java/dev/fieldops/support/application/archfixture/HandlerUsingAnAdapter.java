package dev.fieldops.support.application.archfixture;

import dev.fieldops.support.adapter.archfixture.AdapterStandIn;

/** Breaks the layering: a handler calling a concrete adapter instead of a port. */
public class HandlerUsingAnAdapter {
  public void handle() {
    new AdapterStandIn().save();
  }
}
