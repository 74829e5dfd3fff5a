package dev.fieldops.telemetry.archfixture.application;

import dev.fieldops.telemetry.archfixture.adapter.PostgresAdapter;

/** Breaks "application depends on no adapter". */
public final class HandlerUsingAnAdapter {
  private final PostgresAdapter adapter = new PostgresAdapter();

  public int handle() {
    return adapter.rowsWritten();
  }
}
