package dev.fieldops.grpc;

import static dev.fieldops.grpc.Allow.anyStaff;
import static dev.fieldops.grpc.Allow.customer;
import static dev.fieldops.grpc.Allow.device;
import static dev.fieldops.grpc.Allow.service;
import static dev.fieldops.grpc.Allow.staff;
import static dev.fieldops.kernel.Principal.Role.ADMIN;
import static dev.fieldops.kernel.Principal.Role.BILLING_CLERK;
import static dev.fieldops.kernel.Principal.Role.SUPPORT_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;
import dev.fieldops.kernel.Principal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MethodPolicyTest {

  private static final String ECHO = "fieldops.grpc.testing.v1.EchoService/Echo";

  private final MethodPolicy policy =
      MethodPolicy.builder()
          .allow(ECHO, staff(SUPPORT_AGENT, ADMIN), customer())
          .allow(EchoServiceGrpc.getCollectMethod(), device())
          .allow(EchoServiceGrpc.getWatchMethod(), service("telemetry"), anyStaff())
          .build();

  @Test
  void a_method_without_a_rule_is_denied_to_everyone() {
    Principal admin = new Principal.Staff("a", Set.of(ADMIN));

    assertThat(policy.allows("fieldops.grpc.testing.v1.EchoService/Unknown", admin)).isFalse();
  }

  @Test
  void staff_need_one_of_the_named_roles() {
    assertThat(policy.allows(ECHO, new Principal.Staff("a", Set.of(SUPPORT_AGENT)))).isTrue();
    assertThat(policy.allows(ECHO, new Principal.Staff("b", Set.of(BILLING_CLERK, ADMIN))))
        .isTrue();
    assertThat(policy.allows(ECHO, new Principal.Staff("c", Set.of(BILLING_CLERK)))).isFalse();
  }

  @Test
  void each_principal_kind_passes_only_its_own_entries() {
    String collect = EchoServiceGrpc.getCollectMethod().getFullMethodName();
    String watch = EchoServiceGrpc.getWatchMethod().getFullMethodName();

    assertThat(policy.allows(ECHO, new Principal.Customer("c", "cust-1"))).isTrue();
    assertThat(policy.allows(collect, new Principal.Customer("c", "cust-1"))).isFalse();
    assertThat(policy.allows(collect, new Principal.Device("d", "dev-1"))).isTrue();
    assertThat(policy.allows(watch, new Principal.Service("s", "telemetry"))).isTrue();
    assertThat(policy.allows(watch, new Principal.Service("s", "invoicing"))).isFalse();
    assertThat(policy.allows(watch, new Principal.Staff("x", Set.of(BILLING_CLERK)))).isTrue();
  }

  @Test
  void covering_every_method_of_the_services_passes_the_start_check() {
    assertThatCode(() -> policy.requireExactlyCovers(List.of(new EchoService().bindService())))
        .doesNotThrowAnyException();
  }

  @Test
  void a_forgotten_method_fails_the_start_check_by_name() {
    MethodPolicy forgetful = MethodPolicy.builder().allow(ECHO, anyStaff()).build();

    assertThatThrownBy(
            () -> forgetful.requireExactlyCovers(List.of(new EchoService().bindService())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("methods without an authorization rule")
        .hasMessageContaining("fieldops.grpc.testing.v1.EchoService/Collect")
        .hasMessageContaining("fieldops.grpc.testing.v1.EchoService/Watch");
  }

  @Test
  void a_rule_for_a_method_no_service_has_fails_the_start_check() {
    MethodPolicy typo =
        MethodPolicy.builder()
            .allow(ECHO, anyStaff())
            .allow(EchoServiceGrpc.getCollectMethod(), anyStaff())
            .allow(EchoServiceGrpc.getWatchMethod(), anyStaff())
            .allow("fieldops.grpc.testing.v1.EchoService/Ecko", anyStaff())
            .build();

    assertThatThrownBy(() -> typo.requireExactlyCovers(List.of(new EchoService().bindService())))
        .hasMessageContaining("rules for methods no registered service has")
        .hasMessageContaining("EchoService/Ecko");
  }

  @Test
  void a_method_may_be_declared_only_once() {
    assertThatThrownBy(() -> MethodPolicy.builder().allow(ECHO, anyStaff()).allow(ECHO, customer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already declared");
  }

  @Test
  void health_and_reflection_need_no_rule_and_cannot_get_one() {
    assertThatThrownBy(
            () -> MethodPolicy.builder().allow("grpc.health.v1.Health/Check", anyStaff()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
