package dev.fieldops.telemetry.domain.alert;

/** Where an alert is in its life. ACTIVE and ACKNOWLEDGED alerts are open; CLEARED is final. */
public enum AlertState {
  ACTIVE,
  ACKNOWLEDGED,
  CLEARED;

  public boolean isOpen() {
    return this != CLEARED;
  }
}
