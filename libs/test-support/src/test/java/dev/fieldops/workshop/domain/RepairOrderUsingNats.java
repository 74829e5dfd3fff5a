package dev.fieldops.workshop.domain;

import io.nats.client.Connection;

/** Breaks the domain allow-list: a NATS type in the domain. */
public final class RepairOrderUsingNats {

  public void publish(Connection connection) {}
}
