package dev.fieldops.invoicing.archfixture.adapter.postgres;

import dev.fieldops.invoicing.archfixture.adapter.nats.EventMapper;

/** Violates the persistence adapter's limits: it builds the NATS event mapper itself. */
public final class PostgresAdapterUsingTheNatsAdapter {
  public String subject() {
    return new EventMapper().subject();
  }
}
