package dev.fieldops.workshop.adapter.postgres.jooq.tables;

import dev.fieldops.workshop.adapter.postgres.RepositoryInACycleWithTheSchema;

/**
 * Breaks the no-cycle rule together with {@link RepositoryInACycleWithTheSchema}: generated code
 * and hand-written code that need each other.
 */
public final class GeneratedTableUsingARepository {

  public void load(RepositoryInACycleWithTheSchema repository) {}
}
