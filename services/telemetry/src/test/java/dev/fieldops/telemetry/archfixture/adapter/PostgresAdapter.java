package dev.fieldops.telemetry.archfixture.adapter;

/** An adapter the inner layers must not know. */
public final class PostgresAdapter {
  public int rowsWritten() {
    return 0;
  }
}
