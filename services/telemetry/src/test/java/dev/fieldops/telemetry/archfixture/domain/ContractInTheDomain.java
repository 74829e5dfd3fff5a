package dev.fieldops.telemetry.archfixture.domain;

import dev.fieldops.telemetry.v1.Device;

/** Breaks domain purity with a generated contract type. */
public final class ContractInTheDomain {
  private Device message;

  public boolean hasMessage() {
    return message != null;
  }
}
