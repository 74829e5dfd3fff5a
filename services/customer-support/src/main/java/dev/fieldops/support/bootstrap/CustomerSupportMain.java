package dev.fieldops.support.bootstrap;

import dev.fieldops.nats.StreamSpec;
import dev.fieldops.runtime.ServiceDescriptor;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.support.adapter.postgres.SupportMigrations;
import dev.fieldops.support.v1.CustomerSupportServiceProto;
import dev.fieldops.support.v1.SupportEventsProto;
import java.util.List;

/** Starts customer support: gRPC on 50051, database {@code fieldops_support}, stream SUPPORT. */
public final class CustomerSupportMain {

  /** What the platform runtime needs to know about this context. */
  public static final ServiceDescriptor DESCRIPTOR =
      new ServiceDescriptor(
          "support",
          "customer-support",
          50051,
          "fieldops_support",
          StreamSpec.of("SUPPORT", "support.>"),
          List.of(SupportMigrations.SET),
          List.of(SupportEventsProto.getDescriptor()),
          List.of(CustomerSupportServiceProto.getDescriptor()));

  private CustomerSupportMain() {}

  public static void main(String[] args) {
    ServiceRuntime.run(DESCRIPTOR, new CustomerSupportWiring());
  }
}
