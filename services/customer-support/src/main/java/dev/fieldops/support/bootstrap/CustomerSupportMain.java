package dev.fieldops.support.bootstrap;

import dev.fieldops.nats.StreamSpec;
import dev.fieldops.runtime.ServiceDescriptor;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.support.adapter.postgres.SupportMigrations;
import dev.fieldops.support.v1.SupportEventsProto;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts customer support: gRPC on 50051, database {@code fieldops_support}, stream SUPPORT. */
public final class CustomerSupportMain {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerSupportMain.class);

  /** What the platform runtime needs to know about this context. */
  public static final ServiceDescriptor DESCRIPTOR =
      new ServiceDescriptor(
          "support",
          "customer-support",
          50051,
          "fieldops_support",
          StreamSpec.of("SUPPORT", "support.>"),
          List.of(SupportMigrations.SET),
          List.of(SupportEventsProto.getDescriptor()));

  private CustomerSupportMain() {}

  /**
   * Like {@link ServiceRuntime#run}, plus the consumers' health: the runtime hands its health
   * reporting to nobody during wiring, so it is attached here, once the server exists.
   */
  public static void main(String[] args) {
    var wiring = new CustomerSupportWiring();
    ServiceRuntime runtime;
    try {
      runtime = ServiceRuntime.start(DESCRIPTOR, System.getenv(), wiring);
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.err.println(DESCRIPTOR.serviceName() + ": invalid configuration: " + e.getMessage());
      System.exit(1);
      return;
    } catch (Exception e) {
      LOG.error("cannot start {}", DESCRIPTOR.serviceName(), e);
      System.err.println(DESCRIPTOR.serviceName() + ": cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    wiring.reportHealthTo(runtime.server().health());
    Runtime.getRuntime()
        .addShutdownHook(new Thread(runtime::close, DESCRIPTOR.serviceName() + "-shutdown"));
    try {
      runtime.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
