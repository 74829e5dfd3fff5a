package dev.fieldops.workshop.adapter.postgres;

import dev.fieldops.workshop.adapter.postgres.jooq.tables.GeneratedTableUsingARepository;

/** Breaks the no-cycle rule with the generated table that uses it. */
public final class RepositoryInACycleWithTheSchema {

  public void use(GeneratedTableUsingARepository table) {}
}
