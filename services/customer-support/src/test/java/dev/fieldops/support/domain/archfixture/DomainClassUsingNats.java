package dev.fieldops.support.domain.archfixture;

import io.nats.client.Connection;

/** Breaks domain purity: publishes straight to NATS (a dual write waiting to happen). */
public class DomainClassUsingNats {
  public void announce(Connection nats) {
    nats.publish("support.ticket.opened", new byte[0]);
  }
}
