package dev.fieldops.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.fieldops.test.architecture.HexagonalArchitecture;
import dev.fieldops.test.architecture.HexagonalArchitecture.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Customer support keeps the dependency rules every context keeps ({@link HexagonalArchitecture},
 * where each rule is proved to bite on a deliberately violating fixture). Telemetry's and
 * invoicing's generated types are read only where they are decoded into support's own words: the
 * alert and invoice decoders, the consumer table that names the subscribed messages, and the device
 * directory that asks telemetry over gRPC.
 */
class ArchitectureTest {

  private static final HexagonalArchitecture SUPPORT =
      HexagonalArchitecture.boundedContext("dev.fieldops.support")
          .withAntiCorruptionDecoders(
              "adapter.nats.TelemetryAlertDecoder",
              "adapter.nats.InvoiceFactDecoder",
              "adapter.nats.SupportConsumers",
              "adapter.grpc.TelemetryDeviceDirectory");

  private static final JavaClasses PRODUCTION = SUPPORT.importProductionClasses();

  @ParameterizedTest(name = "{0}")
  @EnumSource(Rule.class)
  void the_context_keeps_the_rule(Rule rule) {
    SUPPORT.rule(rule).check(PRODUCTION);
  }

  @Test
  void the_rules_see_every_layer_and_every_named_decoder() {
    assertThat(SUPPORT.missingFrom(PRODUCTION)).isEmpty();
  }
}
