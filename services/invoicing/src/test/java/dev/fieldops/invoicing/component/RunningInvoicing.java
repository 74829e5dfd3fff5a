package dev.fieldops.invoicing.component;

import dev.fieldops.invoicing.bootstrap.InvoicingMain;
import dev.fieldops.invoicing.bootstrap.InvoicingWiring;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc.InvoicingServiceBlockingStub;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.grpc.CallDeadlines;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The invoicing service as a test sees it: started for real ({@link ServiceRuntime#start}) on a
 * fresh database and a private nats-server, with a plaintext channel to its port and stubs for each
 * kind of caller.
 */
final class RunningInvoicing implements AutoCloseable {

  final TestEnvironment environment;
  final ServiceRuntime runtime;
  final ManagedChannel channel;

  private RunningInvoicing(TestEnvironment environment, ServiceRuntime runtime) {
    this.environment = environment;
    this.runtime = runtime;
    this.channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
  }

  static RunningInvoicing start() {
    return start(Map.of());
  }

  /** Starts the service with extra environment variables (a fast overdue scan, say). */
  static RunningInvoicing start(Map<String, String> extraEnv) {
    return start(extraEnv, new InvoicingWiring());
  }

  /** Starts the service on a clock of the test's (to move between months, say). */
  static RunningInvoicing start(Map<String, String> extraEnv, Clock clock) {
    return start(extraEnv, new InvoicingWiring(clock));
  }

  private static RunningInvoicing start(Map<String, String> extraEnv, InvoicingWiring wiring) {
    TestEnvironment environment = TestEnvironment.create();
    extraEnv.forEach(environment::with);
    try {
      return startOn(environment, wiring);
    } catch (RuntimeException e) {
      environment.close();
      throw e;
    }
  }

  /**
   * Starts (again) the service process on {@code environment}'s database and nats-server, on a
   * clock of the test's: a restart after downtime. {@link #stopService()} ends it without touching
   * the environment.
   */
  static RunningInvoicing startOn(TestEnvironment environment, Clock clock) {
    return startOn(environment, new InvoicingWiring(clock));
  }

  private static RunningInvoicing startOn(TestEnvironment environment, InvoicingWiring wiring) {
    try {
      return new RunningInvoicing(
          environment, ServiceRuntime.start(InvoicingMain.DESCRIPTOR, environment.env(), wiring));
    } catch (Exception e) {
      throw new IllegalStateException("invoicing did not start", e);
    }
  }

  /** Stops the service process (gracefully, as on SIGTERM); the environment stays. */
  void stopService() {
    channel.shutdownNow();
    runtime.close();
  }

  InvoicingServiceBlockingStub as(String token) {
    return CallDeadlines.eachWithin(
        TestTokens.withToken(InvoicingServiceGrpc.newBlockingStub(channel), token),
        Duration.ofSeconds(30));
  }

  InvoicingServiceBlockingStub clerk() {
    return as(environment.tokens().staff(Role.BILLING_CLERK));
  }

  InvoicingServiceBlockingStub admin() {
    return as(environment.tokens().admin());
  }

  InvoicingServiceBlockingStub customer(String customerId) {
    return as(environment.tokens().customer(customerId));
  }

  /** The service's own database, to look at what an RPC left behind. */
  /** The service's gRPC port on 127.0.0.1. */
  int port() {
    return runtime.port();
  }

  DSLContext database() {
    return runtime.infrastructure().database().dsl();
  }

  /** How many events the service has written to its outbox so far. */
  int outboxEvents() {
    return database().fetchCount(DSL.table(DSL.name("outbox_event")));
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow();
      runtime.close();
    } finally {
      environment.close();
    }
  }
}
