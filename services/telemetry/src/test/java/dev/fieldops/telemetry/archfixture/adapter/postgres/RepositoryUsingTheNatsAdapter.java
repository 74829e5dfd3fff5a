package dev.fieldops.telemetry.archfixture.adapter.postgres;

import dev.fieldops.telemetry.archfixture.adapter.nats.EventMapper;

/** Breaks "storage gets its outbox encoder from the wiring": it builds the NATS mapper itself. */
public final class RepositoryUsingTheNatsAdapter {
  public String subject() {
    return new EventMapper().subject();
  }
}
