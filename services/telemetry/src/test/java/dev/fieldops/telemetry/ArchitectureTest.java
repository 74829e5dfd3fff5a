package dev.fieldops.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.fieldops.test.architecture.HexagonalArchitecture;
import dev.fieldops.test.architecture.HexagonalArchitecture.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Telemetry keeps the dependency rules every context keeps ({@link HexagonalArchitecture}, where
 * each rule is proved to bite on a deliberately violating fixture). Telemetry reads no other
 * context's generated types, so it names no anti-corruption decoder.
 */
class ArchitectureTest {

  private static final HexagonalArchitecture TELEMETRY =
      HexagonalArchitecture.boundedContext("dev.fieldops.telemetry");

  private static final JavaClasses PRODUCTION = TELEMETRY.importProductionClasses();

  @ParameterizedTest(name = "{0}")
  @EnumSource(Rule.class)
  void the_context_keeps_the_rule(Rule rule) {
    TELEMETRY.rule(rule).check(PRODUCTION);
  }

  @Test
  void the_rules_see_every_layer_and_every_named_decoder() {
    assertThat(TELEMETRY.missingFrom(PRODUCTION)).isEmpty();
  }
}
