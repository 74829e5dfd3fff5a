package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcServerConfigTest {

  @Test
  void defaults_are_explicit_limits_on_the_service_port() {
    GrpcServerConfig config = GrpcServerConfig.fromEnvironment(Map.of(), 50051);

    assertThat(config.port()).isEqualTo(50051);
    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.maxInboundMessageBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(config.maxMetadataBytes()).isEqualTo(8 * 1024);
    assertThat(config.maxConcurrentCallsPerConnection()).isEqualTo(256);
    assertThat(config.defaultDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.reflectionEnabled()).isTrue();
  }

  @Test
  void variables_override_the_defaults_in_human_units() {
    GrpcServerConfig config =
        GrpcServerConfig.fromEnvironment(
            Map.of(
                "GRPC_PORT", "0",
                "GRPC_MAX_INBOUND_MESSAGE_BYTES", "1MiB",
                "GRPC_MAX_METADATA_BYTES", "16384",
                "GRPC_MAX_CONCURRENT_CALLS_PER_CONNECTION", "64",
                "GRPC_DEFAULT_DEADLINE", "1500ms",
                "GRPC_SHUTDOWN_GRACE", "PT30S",
                "GRPC_KEEPALIVE_TIME", "2m",
                "GRPC_REFLECTION", "false"),
            50051);

    assertThat(config.port()).isZero();
    assertThat(config.maxInboundMessageBytes()).isEqualTo(1024 * 1024);
    assertThat(config.maxMetadataBytes()).isEqualTo(16384);
    assertThat(config.maxConcurrentCallsPerConnection()).isEqualTo(64);
    assertThat(config.defaultDeadline()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.keepAliveTime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.reflectionEnabled()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "GRPC_PORT, 70000",
    "GRPC_PORT, http",
    "GRPC_MAX_INBOUND_MESSAGE_BYTES, four megabytes",
    "GRPC_MAX_INBOUND_MESSAGE_BYTES, 9999999MiB",
    "GRPC_MAX_METADATA_BYTES, 10",
    "GRPC_MAX_CONCURRENT_CALLS_PER_CONNECTION, 0",
    "GRPC_DEFAULT_DEADLINE, soon",
    "GRPC_DEFAULT_DEADLINE, 0s",
    "GRPC_SHUTDOWN_GRACE, -5s",
    "GRPC_REFLECTION, maybe"
  })
  void an_invalid_value_fails_naming_the_variable(String variable, String value) {
    assertThatThrownBy(() -> GrpcServerConfig.fromEnvironment(Map.of(variable, value), 50051))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable + ": invalid value '" + value + "'");
  }
}
