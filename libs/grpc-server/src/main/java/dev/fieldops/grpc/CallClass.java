package dev.fieldops.grpc;

/**
 * What kind of work an RPC is, for the per-principal limits of {@link AbuseLimits}: each class has
 * its own token bucket per caller, so a client flooding writes still reads, and a device ingesting
 * at full speed does not use up its operator's budget. Declared for every method next to its
 * authorization rule ({@link MethodPolicy.Builder#classify}); a method without one counts as {@link
 * #WRITES}, the class with the tightest default budget among those of ordinary calls.
 */
public enum CallClass {
  /** Reads and queries (Get, List, Query). Limited by {@code RATE_LIMIT_READS}. */
  READS("RATE_LIMIT_READS"),
  /** Changes (Create, Update, transitions). Limited by {@code RATE_LIMIT_WRITES}. */
  WRITES("RATE_LIMIT_WRITES"),
  /** Telemetry readings. Limited by {@code RATE_LIMIT_INGEST}. */
  INGEST("RATE_LIMIT_INGEST"),
  /**
   * Long-lived server streams (WatchAlerts): their start counts as a read, and they are also
   * bounded in number per principal and per server ({@code GRPC_MAX_WATCHERS_PER_PRINCIPAL}, {@code
   * GRPC_MAX_WATCHERS}).
   */
  WATCH("RATE_LIMIT_READS");

  private final String rateVariable;

  CallClass(String rateVariable) {
    this.rateVariable = rateVariable;
  }

  /** The variable that sets this class's rate. */
  public String rateVariable() {
    return rateVariable;
  }
}
