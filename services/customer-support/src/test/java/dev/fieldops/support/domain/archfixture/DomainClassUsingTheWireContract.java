package dev.fieldops.support.domain.archfixture;

import dev.fieldops.support.v1.archfixture.GeneratedContractStandIn;

/** Breaks domain purity: speaks the generated protobuf contract instead of domain types. */
public class DomainClassUsingTheWireContract {
  public GeneratedContractStandIn toWire() {
    return new GeneratedContractStandIn();
  }
}
