package dev.fieldops.telemetry.domain.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The plausible ranges of {@link Metric} are what ingest enforces; the contract (reading.proto) and
 * the README quote them to users. Both are read here and must quote the enum's numbers, so that a
 * change of a bound in one place fails until every place says the same.
 */
class MetricRangeDocumentationTest {

  private static final Metric TEMPERATURE = Metric.TEMPERATURE_CELSIUS;
  private static final Metric HUMIDITY = Metric.HUMIDITY_PERCENT;

  @Test
  void the_contract_quotes_the_ranges_that_ingest_enforces() throws IOException {
    var comment = flatComments(read("proto/fieldops/telemetry/v1/reading.proto"));

    assertThat(comment)
        .contains(
            "(below "
                + number(TEMPERATURE.lowest())
                + " °C or above "
                + number(TEMPERATURE.highest())
                + " °C, humidity outside "
                + range(HUMIDITY)
                + " %) are rejected as OUT_OF_RANGE");
  }

  @Test
  void the_readme_quotes_the_ranges_that_ingest_enforces() throws IOException {
    var readme = read("README.md").replaceAll("\\s+", " ");

    assertThat(readme)
        .contains(
            "`OUT_OF_RANGE` (temperature outside "
                + range(TEMPERATURE)
                + " °C, humidity outside "
                + range(HUMIDITY)
                + " %)");
  }

  private static String range(Metric metric) {
    return number(metric.lowest()) + ".." + number(metric.highest());
  }

  /** {@code -90.0} as people write it: {@code -90}. */
  private static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** Proto comments wrapped over several lines as one line of text. */
  private static String flatComments(String proto) {
    return proto.replaceAll("\\s*\\n\\s*//\\s*", " ");
  }

  private static String read(String pathFromRepositoryRoot) throws IOException {
    var dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("proto"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
    return Files.readString(dir.resolve(pathFromRepositoryRoot));
  }
}
