package dev.fieldops.invoicing.archfixture.domain;

/** Violates domain purity: publishing to NATS from the domain (a dual write, too). */
public final class NatsInDomain {
  public void announce(io.nats.client.Connection nats) {
    nats.publish("invoicing.invoice.issued", new byte[0]);
  }
}
