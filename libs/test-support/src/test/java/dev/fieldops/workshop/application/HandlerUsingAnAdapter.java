package dev.fieldops.workshop.application;

import dev.fieldops.workshop.adapter.postgres.CleanRepairOrderRepository;

/** Breaks the application allow-list: a handler that uses an adapter instead of a port. */
public final class HandlerUsingAnAdapter {

  public void open(CleanRepairOrderRepository repository) {}
}
