package dev.fieldops.support.bench;

import static dev.fieldops.test.bench.Machine.loadAverage;
import static dev.fieldops.test.bench.Machine.median;

import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.support.bootstrap.CustomerSupportConfig;
import dev.fieldops.support.bootstrap.CustomerSupportMain;
import dev.fieldops.support.bootstrap.CustomerSupportWiring;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.support.v1.ListTicketsRequest;
import dev.fieldops.test.TestEnvironment;
import dev.fieldops.test.bench.Machine;
import dev.fieldops.test.bench.WarmUp;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ListTickets (the newest page of 50, 64 callers) served by two instances of customer support in
 * this process, side by side: one with the ticket cache (the default), one without ({@code
 * SUPPORT_TICKET_CACHE_SIZE=0}, the page read whole in one statement). Each has its own database,
 * nats-server and tickets; they take turns in rounds, so whatever else the machine does hits both
 * alike, and it prints each round's rate and CPU, the medians and their ratio.
 *
 * <p>Run: {@code MAVEN_OPTS=@deploy/jvm/service.flags ./mvnw -q -o -pl services/customer-support
 * exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.fieldops.support.bench.ListTicketsBenchmark} (after {@code install
 * -DskipTests}); {@code -Dbench.seconds=N} (8) per phase, {@code -Dbench.rounds=N} (5), {@code
 * -Dbench.warmup=N} (at most 60 s, until the JIT compiler rests).
 */
public final class ListTicketsBenchmark {

  private ListTicketsBenchmark() {}

  private record Instance(
      String name, TestEnvironment environment, ServiceRuntime runtime, ManagedChannel channel)
      implements AutoCloseable {

    @Override
    public void close() {
      channel.shutdownNow();
      runtime.close();
      environment.close();
    }
  }

  public static void main(String[] args) throws Exception {
    var phase = Duration.ofSeconds(Integer.getInteger("bench.seconds", 8));
    int rounds = Integer.getInteger("bench.rounds", 5);
    var warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 60));
    System.out.println("== ListTickets: ticket cache on vs off ==");
    System.out.println("machine: " + Machine.describe());
    var instances = new ArrayList<Instance>();
    try {
      var calls = new LinkedHashMap<String, SupportBenchmark.Call>();
      for (var cacheSize : List.of("50000", "0")) {
        var environment = TestEnvironment.create();
        environment.withoutAbuseLimits();
        environment.with(CustomerSupportConfig.TICKET_CACHE_SIZE, cacheSize);
        var runtime =
            ServiceRuntime.start(
                CustomerSupportMain.DESCRIPTOR,
                environment.env(),
                infra -> new CustomerSupportWiring().wire(infra));
        var channel =
            ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
        var name = cacheSize.equals("0") ? "cache off" : "cache on";
        instances.add(new Instance(name, environment, runtime, channel));
        var token = environment.tokens().staff("agent-bench", Set.of(Role.SUPPORT_AGENT));
        var stub = TestTokens.withToken(CustomerSupportServiceGrpc.newBlockingStub(channel), token);
        var tickets = new TicketCalls(stub);
        for (int i = 0; i < 500; i++) {
          tickets.createTicket();
        }
        var request = ListTicketsRequest.newBuilder().setPageSize(50).build();
        calls.put(name, () -> stub.listTickets(request));
      }
      System.out.println(
          "each instance: 500 tickets, its own database and nats-server; warming up ...");
      var warm =
          WarmUp.untilCompiled(
              () -> {
                for (var call : calls.entrySet()) {
                  SupportBenchmark.measure(
                      "warm-up " + call.getKey(), 64, Duration.ofSeconds(5), call.getValue());
                }
              },
              0.1,
              warmup);
      System.out.println("warm-up: " + warm.describe());

      Map<String, List<Double>> rates = new LinkedHashMap<>();
      calls.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
      var order = new ArrayList<>(calls.keySet());
      for (int round = 1; round <= rounds; round++) {
        System.out.println("round " + round + ", load average " + loadAverage());
        for (var name : order) {
          var result =
              SupportBenchmark.measure(
                  "ListTickets, " + name + " (" + round + ")", 64, phase, calls.get(name));
          System.out.println(result.line());
          rates.get(name).add(result.perSecond());
        }
        order.addLast(order.removeFirst());
      }
      double on = median(rates.get("cache on"));
      double off = median(rates.get("cache off"));
      System.out.printf(
          "%nListTickets (page of 50) at 64: cache on %.0f/s, cache off %.0f/s (medians of %d"
              + " rounds): %.2f%n",
          on, off, rounds, on / off);
      System.out.println("load average at end " + loadAverage());
    } finally {
      instances.forEach(Instance::close);
    }
    System.exit(0);
  }
}
