package dev.fieldops.support.component;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.nats.inbox.ConsumerState;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.support.bootstrap.CustomerSupportMain;
import dev.fieldops.support.bootstrap.CustomerSupportWiring;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc.CustomerSupportServiceBlockingStub;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.TicketPriority;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.grpc.CallDeadlines;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The real service started by the platform runtime on a fresh database and a private nats-server,
 * with a plaintext channel to it and stubs for each kind of caller. One per test class.
 */
final class RunningSupport implements AutoCloseable {

  final TestEnvironment environment;
  ServiceRuntime runtime;
  ManagedChannel channel;
  CustomerSupportWiring wiring;

  private RunningSupport(TestEnvironment environment) {
    this.environment = environment;
  }

  static RunningSupport start() {
    return start(Map.of());
  }

  static RunningSupport start(Map<String, String> extraEnv) {
    return start(extraEnv, environment -> {});
  }

  /** Something to do with the environment before the service starts. */
  interface Preparation {
    void prepare(TestEnvironment environment) throws Exception;
  }

  /** Starts the service after {@code preparation}, e.g. creating the other contexts' streams. */
  static RunningSupport start(Map<String, String> extraEnv, Preparation preparation) {
    var environment = TestEnvironment.create();
    extraEnv.forEach(environment::with);
    var support = new RunningSupport(environment);
    try {
      preparation.prepare(environment);
      support.startService();
      return support;
    } catch (Exception e) {
      environment.close();
      throw e instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException("preparing the test environment failed", e);
    }
  }

  /** Starts (again) the service process on the same database and nats-server. */
  void startService() {
    try {
      wiring = new CustomerSupportWiring();
      runtime = ServiceRuntime.start(CustomerSupportMain.DESCRIPTOR, environment.env(), wiring);
      channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
    } catch (Exception e) {
      throw new IllegalStateException("customer support did not start", e);
    }
  }

  /** Stops the service process (gracefully, as on SIGTERM); the environment stays. */
  void stopService() {
    channel.shutdownNow();
    runtime.close();
  }

  /** A consumer's counters, once it has started. */
  ConsumerState consumer(String name) {
    return wiring
        .consumers()
        .state(name)
        .orElseThrow(() -> new AssertionError("consumer " + name + " has not started"));
  }

  CustomerSupportServiceBlockingStub as(String token) {
    return TestTokens.withToken(
        CallDeadlines.eachWithin(
            CustomerSupportServiceGrpc.newBlockingStub(channel), Duration.ofSeconds(10)),
        token);
  }

  CustomerSupportServiceBlockingStub agent() {
    return as(environment.tokens().staff("agent-ada", java.util.Set.of(Role.SUPPORT_AGENT)));
  }

  CustomerSupportServiceBlockingStub admin() {
    return as(environment.tokens().admin());
  }

  CustomerSupportServiceBlockingStub customer(String customerId) {
    return as(environment.tokens().customer(customerId));
  }

  /** A ticket of {@code customerId} opened by an agent (NORMAL priority, by e-mail). */
  Ticket openTicket(String customerId) {
    return agent()
        .createTicket(
            CreateTicketRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setTicket(
                    Ticket.newBuilder()
                        .setCustomerId(customerId)
                        .setSubject("Freezer 3 reads -5 °C")
                        .setDescription("Since this morning freezer 3 in hall B is too warm.")
                        .setPriority(TicketPriority.TICKET_PRIORITY_NORMAL)
                        .setChannel(TicketChannel.TICKET_CHANNEL_EMAIL))
                .build())
        .getTicket();
  }

  /** How many outbox rows the aggregate has: every event ever raised for it. */
  int eventsOf(String aggregateId) {
    return runtime
        .infrastructure()
        .database()
        .dsl()
        .select(count())
        .from(table("outbox_event"))
        .where(field("aggregate_id", String.class).eq(aggregateId))
        .fetchOne(0, int.class);
  }

  /** Every outbox row of the service. */
  int allEvents() {
    return runtime.infrastructure().database().dsl().fetchCount(table("outbox_event"));
  }

  static String uniqueCustomer(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
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
