package dev.fieldops.telemetry.domain.rule;

/** Which side of a level is dangerous. */
public enum Direction {
  /** Values strictly above the level are beyond it. */
  ABOVE,
  /** Values strictly below the level are beyond it. */
  BELOW;

  /** Whether {@code value} lies strictly on the dangerous side of {@code level}. */
  public boolean isBeyond(double value, double level) {
    return this == ABOVE ? value > level : value < level;
  }

  /** Whether {@code value} is back on the safe side of {@code level}, the level itself included. */
  public boolean isBackWithin(double value, double level) {
    return !isBeyond(value, level);
  }

  /** Which extreme of the breaching values is the worst. */
  public PeakDirection peakDirection() {
    return this == ABOVE ? PeakDirection.HIGHEST : PeakDirection.LOWEST;
  }
}
