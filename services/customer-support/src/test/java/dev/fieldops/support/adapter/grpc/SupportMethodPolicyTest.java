package dev.fieldops.support.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import io.grpc.MethodDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupportMethodPolicyTest {

  private final MethodPolicy policy = SupportMethodPolicy.create();

  @Test
  void every_rpc_has_an_authorization_rule_and_a_rate_limit_class() {
    List<String> rpcs =
        CustomerSupportServiceGrpc.getServiceDescriptor().getMethods().stream()
            .map(MethodDescriptor::getFullMethodName)
            .toList();

    assertThat(rpcs).isNotEmpty();
    assertThat(policy.methods()).containsExactlyInAnyOrderElementsOf(rpcs);
    assertThat(policy.unclassified()).as("RPCs without a CallClass").isEmpty();
  }
}
