package dev.fieldops.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE;

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

  // Two rules wait for work in progress, then this test keeps every rule:
  // GRPC_ADAPTER_USES_NO_JOOQ_SUPPORT for PageTokens to leave jooq-support, ADAPTERS_STAY_APART
  // for the repositories to take an outbox encoder from the wiring, not the NATS event mapper.
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Rule.class,
      mode = EXCLUDE,
      names = {"GRPC_ADAPTER_USES_NO_JOOQ_SUPPORT", "ADAPTERS_STAY_APART"})
  void the_context_keeps_the_rule(Rule rule) {
    INVOICING.rule(rule).check(PRODUCTION);
  }

  @Test
  void the_rules_see_every_layer_and_every_named_decoder() {
    assertThat(INVOICING.missingFrom(PRODUCTION)).isEmpty();
  }
}
