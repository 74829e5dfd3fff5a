package dev.fieldops.cli.bench;

import java.util.List;

/** A one-line chart of a series for a terminal: one block character per value, scaled to max. */
final class TextChart {

  private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

  private TextChart() {}

  static String sparkline(List<Double> values) {
    double max =
        values.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(0);
    StringBuilder line = new StringBuilder();
    for (double value : values) {
      if (Double.isNaN(value)) {
        line.append(' ');
      } else if (max <= 0) {
        line.append(BLOCKS[0]);
      } else {
        int level = (int) Math.round(value / max * (BLOCKS.length - 1));
        line.append(BLOCKS[Math.max(0, Math.min(BLOCKS.length - 1, level))]);
      }
    }
    return line.toString();
  }
}
