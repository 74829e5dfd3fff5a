package dev.fieldops.grpc;

import static dev.fieldops.grpc.Allow.customer;
import static dev.fieldops.grpc.Allow.device;
import static dev.fieldops.grpc.Allow.service;
import static dev.fieldops.grpc.Allow.staff;
import static dev.fieldops.kernel.Principal.Role.ADMIN;
import static dev.fieldops.kernel.Principal.Role.SUPPORT_AGENT;

import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;

/** The test service's rules, declared the way a real service declares its own. */
final class EchoPolicy {

  static final MethodPolicy POLICY =
      MethodPolicy.builder()
          .allow(EchoServiceGrpc.getEchoMethod(), staff(SUPPORT_AGENT, ADMIN), customer())
          .allow(EchoServiceGrpc.getCollectMethod(), device(), staff(ADMIN))
          .allow(EchoServiceGrpc.getWatchMethod(), service("telemetry"))
          .build();

  private EchoPolicy() {}
}
