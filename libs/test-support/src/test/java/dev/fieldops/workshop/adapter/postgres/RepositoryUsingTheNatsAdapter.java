package dev.fieldops.workshop.adapter.postgres;

import dev.fieldops.workshop.adapter.nats.CleanRepairOrderEventMapper;

/** Breaks the adapters-apart rule: storage that uses the messaging adapter's mapper. */
public final class RepositoryUsingTheNatsAdapter {

  public void save(CleanRepairOrderEventMapper events) {}
}
