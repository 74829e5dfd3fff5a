package dev.fieldops.telemetry.archfixture.domain;

import dev.fieldops.telemetry.archfixture.application.RegisterThingHandler;

/** Breaks "the domain depends on no outer layer" by calling a handler. */
public final class ApplicationInTheDomain {
  public String register() {
    return new RegisterThingHandler().handle();
  }
}
