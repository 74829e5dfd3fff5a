package dev.fieldops.telemetry.archfixture.domain;

import dev.fieldops.telemetry.archfixture.adapter.PostgresAdapter;

/** Breaks "the domain depends on no outer layer" by using an adapter. */
public final class AdapterInTheDomain {
  public int save() {
    return new PostgresAdapter().rowsWritten();
  }
}
