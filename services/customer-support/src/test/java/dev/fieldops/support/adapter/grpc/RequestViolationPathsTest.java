package dev.fieldops.support.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.test.grpc.ViolationPaths;
import org.junit.jupiter.api.Test;

/** Every field violation the contract's rules produce names the full path of its field. */
class RequestViolationPathsTest {

  @Test
  void every_field_violation_of_every_request_names_the_full_path_of_its_field() {
    ViolationPaths.Report report =
        ViolationPaths.check(CustomerSupportServiceGrpc.getServiceDescriptor());

    assertThat(report.requestsValidated()).isGreaterThan(100);
    assertThat(report.problems()).isEmpty();
  }
}
