package dev.fieldops.support.application.event;

/** What a telemetry alert's rule measures, with the unit its values are written in. */
public enum ReadingMetric {
  TEMPERATURE_CELSIUS("°C"),
  HUMIDITY_PERCENT("%");

  private final String unit;

  ReadingMetric(String unit) {
    this.unit = unit;
  }

  public String unit() {
    return unit;
  }
}
