package dev.fieldops.invoicing.archfixture.domain;

import dev.fieldops.invoicing.archfixture.application.IssueSomethingHandler;

/** Violates the dependency direction: the domain reaching out to a use case. */
public final class DomainCallingApplication {
  public IssueSomethingHandler handler() {
    return new IssueSomethingHandler();
  }
}
