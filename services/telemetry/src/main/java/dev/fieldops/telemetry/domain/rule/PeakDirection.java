package dev.fieldops.telemetry.domain.rule;

/** Whether the highest or the lowest breaching value is an alert's peak. */
public enum PeakDirection {
  HIGHEST,
  LOWEST;

  /** Whether {@code candidate} is worse than {@code peak}. */
  public boolean isWorse(double candidate, double peak) {
    return this == HIGHEST ? candidate > peak : candidate < peak;
  }
}
