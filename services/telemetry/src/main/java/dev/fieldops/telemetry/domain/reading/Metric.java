package dev.fieldops.telemetry.domain.reading;

/**
 * What a reading measures, with the physically plausible range of values (inclusive). A value
 * outside it is a broken sensor or a corrupted message, never a real observation.
 */
public enum Metric {
  TEMPERATURE_CELSIUS(-90.0, 150.0),
  HUMIDITY_PERCENT(0.0, 100.0);

  private final double lowest;
  private final double highest;

  Metric(double lowest, double highest) {
    this.lowest = lowest;
    this.highest = highest;
  }

  public double lowest() {
    return lowest;
  }

  public double highest() {
    return highest;
  }

  /** Whether a sensor could really report this value (false for NaN and infinities). */
  public boolean isPlausible(double value) {
    return value >= lowest && value <= highest;
  }
}
