package dev.fieldops.telemetry.archfixture.application;

/** A well-behaved handler the domain must nevertheless not depend on. */
public final class RegisterThingHandler {
  public String handle() {
    return "done";
  }
}
