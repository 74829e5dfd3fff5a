package dev.fieldops.support.domain.archfixture;

import dev.fieldops.support.v1.Ticket;

/** Breaks domain purity: speaks the generated protobuf contract instead of domain types. */
public class DomainClassUsingTheWireContract {
  public Ticket toWire() {
    return Ticket.getDefaultInstance();
  }
}
