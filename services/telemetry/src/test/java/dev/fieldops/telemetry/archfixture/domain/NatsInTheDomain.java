package dev.fieldops.telemetry.archfixture.domain;

import io.nats.client.Connection;

/** Breaks domain purity with a NATS type. */
public final class NatsInTheDomain {
  private Connection connection;

  public boolean connected() {
    return connection != null;
  }
}
