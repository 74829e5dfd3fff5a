package dev.fieldops.workshop.domain;

import dev.fieldops.workshop.application.CleanOpenRepairOrderHandler;

/** Breaks the domain allow-list: the domain reaches out to the application. */
public final class RepairOrderUsingTheApplication {

  public void reopen(CleanOpenRepairOrderHandler handler) {}
}
