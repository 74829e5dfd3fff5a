package dev.fieldops.telemetry.archfixture.domain;

import dev.fieldops.telemetry.v1.ArchFixtureContractMessage;

/** Breaks domain purity with a generated contract type. */
public final class ContractInTheDomain {
  private ArchFixtureContractMessage message;

  public boolean hasMessage() {
    return message != null;
  }
}
