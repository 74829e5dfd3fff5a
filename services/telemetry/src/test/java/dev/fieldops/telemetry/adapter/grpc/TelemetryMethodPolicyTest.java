package dev.fieldops.telemetry.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.grpc.CallClass;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import io.grpc.MethodDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryMethodPolicyTest {

  private final MethodPolicy policy = TelemetryMethodPolicy.POLICY;

  @Test
  void every_rpc_has_an_authorization_rule_and_a_rate_limit_class() {
    List<String> rpcs =
        TelemetryServiceGrpc.getServiceDescriptor().getMethods().stream()
            .map(MethodDescriptor::getFullMethodName)
            .toList();

    assertThat(rpcs).isNotEmpty();
    assertThat(policy.methods()).containsExactlyInAnyOrderElementsOf(rpcs);
    assertThat(policy.unclassified()).as("RPCs without a CallClass").isEmpty();
  }

  @Test
  void readings_have_their_own_budget_and_watches_are_counted() {
    assertThat(policy.callClass(TelemetryServiceGrpc.getRecordReadingMethod().getFullMethodName()))
        .isEqualTo(CallClass.INGEST);
    assertThat(policy.callClass(TelemetryServiceGrpc.getStreamReadingsMethod().getFullMethodName()))
        .isEqualTo(CallClass.INGEST);
    assertThat(policy.callClass(TelemetryServiceGrpc.getWatchAlertsMethod().getFullMethodName()))
        .isEqualTo(CallClass.WATCH);
  }
}
