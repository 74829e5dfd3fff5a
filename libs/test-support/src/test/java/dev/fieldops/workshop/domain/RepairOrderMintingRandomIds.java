package dev.fieldops.workshop.domain;

import java.util.UUID;

/** Breaks the time rule: the domain mints a random id instead of taking one. */
public final class RepairOrderMintingRandomIds {

  public UUID newId() {
    return UUID.randomUUID();
  }
}
