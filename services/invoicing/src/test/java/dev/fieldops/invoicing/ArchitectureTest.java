package dev.fieldops.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.fieldops.test.architecture.HexagonalArchitecture;
import dev.fieldops.test.architecture.HexagonalArchitecture.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Invoicing keeps the dependency rules every context keeps ({@link HexagonalArchitecture}, where
 * each rule is proved to bite on a deliberately violating fixture). Support's and telemetry's
 * generated types are read only by the two consumers that decode them into charges and device
 * facts.
 */
class ArchitectureTest {

  private static final HexagonalArchitecture INVOICING =
      HexagonalArchitecture.boundedContext("dev.fieldops.invoicing")
          .withAntiCorruptionDecoders(
              "adapter.nats.SupportChargesConsumer", "adapter.nats.DeviceMonitoringConsumer");

  private static final JavaClasses PRODUCTION = INVOICING.importProductionClasses();

  @ParameterizedTest(name = "{0}")
  @EnumSource(Rule.class)
  void the_context_keeps_the_rule(Rule rule) {
    INVOICING.rule(rule).check(PRODUCTION);
  }

  @Test
  void the_rules_see_every_layer_and_every_named_decoder() {
    assertThat(INVOICING.missingFrom(PRODUCTION)).isEmpty();
  }
}
