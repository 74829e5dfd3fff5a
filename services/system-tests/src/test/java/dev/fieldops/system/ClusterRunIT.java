package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.FieldMask;
import dev.fieldops.grpc.auth.AuthConfig;
import dev.fieldops.grpc.auth.DevKeys;
import dev.fieldops.grpc.auth.TokenMinter;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.ListTicketsRequest;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.UpdateTicketRequest;
import dev.fieldops.test.grpc.CallDeadlines;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./fieldops up --cluster} as a user runs it, in a state directory and on ports of its own:
 * a 3-node NATS cluster, 2 replicas of each service, HAProxy in front of them. A ticket changed
 * through one support replica is read at once through the other. The demo passes through HAProxy,
 * every replica serves calls (outside callers balanced by HAProxy, support's lookups at telemetry
 * balanced by support itself), the demo passes again after one telemetry replica is killed with
 * SIGKILL, and {@code ./fieldops down} stops every process it started.
 *
 * <p>The script runs from the modules this test runs from: their classpaths are handed to it as its
 * build cache, so it builds nothing.
 */
class ClusterRunIT {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
  private static final List<String> RUN_MODULES =
      List.of(
          "tools/jooq-codegen",
          "tools/cli",
          "services/customer-support",
          "services/telemetry",
          "services/invoicing");
  private static final List<String> SERVICES =
      List.of("customer-support", "telemetry", "invoicing");
  private static final Pattern CALLS =
      Pattern.compile(
          "^grpc_server_call_duration_seconds_count\\{[^}]*grpc_method=\"(fieldops\\.[^\"]+)\"[^}]*\\}"
              + " ([0-9.E]+)$",
          Pattern.MULTILINE);

  private static ClusterScript script;

  @BeforeAll
  static void prepare() throws IOException {
    assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (apt-get install haproxy)");
    // Six service JVMs that live two minutes: C1 only, as the test JVMs (root POM,
    // fieldops.test.jvm.flags). With C2 they spent 13.6-17.3 s of CPU each, with C1 8.0-9.6 s.
    script =
        ClusterScript.prepare("fieldops-cluster-run")
            .withEnvironment("FIELDOPS_SERVICE_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1");
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (script != null) {
      script.close();
    }
  }

  @Test
  void the_demo_passes_through_haproxy_on_every_replica_and_after_a_replica_is_killed()
      throws Exception {
    ClusterScript.Run start =
        script.run(Duration.ofMinutes(8), "up", "--cluster", "--background", "--embedded-postgres");
    assertThat(start.exit()).as(script.describe(start)).isZero();
    assertThat(start.output()).contains("FieldOps is running as a cluster");
    for (String service : SERVICES) {
      for (int r = 1; r <= 2; r++) {
        long replica = script.pid(service + "-" + r);
        assertThat(Files.readString(Path.of("/proc/" + replica + "/cmdline")).split("\0"))
            .as("%s-%d's java command line: FIELDOPS_SERVICE_JAVA_OPTIONS", service, r)
            .contains("-XX:TieredStopAtLevel=1");
      }
    }

    aChangeMadeThroughOneSupportReplicaIsReadAtOnceThroughTheOther();

    // Every replica serves the demo's calls (HAProxy balances each call), and both telemetry
    // replicas serve support's device lookups (GetDevice, QueryReadings: support's own round
    // robin), which follow each alert ticket on their own, at whichever support replica consumed
    // the alert. Support connects to both telemetry replicas at its start, so the two lookups of
    // one ticket go one to each; a replica still in its reconnect back-off then (the cluster's
    // processes start side by side) is reached by a later demo, at most five in all.
    Map<String, Map<String, Double>> calls = new LinkedHashMap<>();
    for (int run = 1; run <= 5; run++) {
      ClusterScript.Run demo = script.run(Duration.ofMinutes(4), "demo");
      assertThat(demo.exit()).as("demo %d: %s", run, script.describe(demo)).isZero();
      assertThat(demo.output()).contains("account standing: ACCOUNT_STANDING_GOOD_STANDING");
      try {
        // A ticket's lookups follow its commit: wait until this run's two have been served.
        int expected = 2 * run;
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> {
                  calls.clear();
                  for (int i = 0; i < SERVICES.size(); i++) {
                    for (int r = 1; r <= 2; r++) {
                      calls.put(
                          SERVICES.get(i) + "-" + r,
                          callsServed(script.ports().replicaMetrics(i, r)));
                    }
                  }
                  return lookups(calls.get("telemetry-1")) + lookups(calls.get("telemetry-2"))
                      >= expected;
                });
      } catch (ConditionTimeoutException fewerLookups) {
        break; // the assertions below say which replica missed what
      }
      if (run >= 2
          && lookups(calls.get("telemetry-1")) > 0
          && lookups(calls.get("telemetry-2")) > 0) {
        break;
      }
    }
    for (var replica : calls.entrySet()) {
      assertThat(replica.getValue().values().stream().mapToDouble(Double::doubleValue).sum())
          .as("calls served by %s: %s", replica.getKey(), calls)
          .isPositive();
    }
    for (String telemetry : List.of("telemetry-1", "telemetry-2")) {
      assertThat(lookups(calls.get(telemetry)))
          .as("support's lookups at %s: %s", telemetry, calls)
          .isPositive();
    }

    long killed = script.pid("telemetry-1");
    new ProcessBuilder("kill", "-KILL", Long.toString(killed)).start().waitFor();
    await().atMost(Duration.ofSeconds(30)).until(() -> !ClusterScript.running(killed));

    ClusterScript.Run again = script.run(Duration.ofMinutes(4), "demo");
    assertThat(again.exit()).as(script.describe(again)).isZero();
    assertThat(again.output()).contains("account standing: ACCOUNT_STANDING_GOOD_STANDING");

    List<Long> started = new ArrayList<>();
    try (Stream<Path> pids = Files.list(script.state().resolve("run"))) {
      for (Path pidFile : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
        started.add(Long.parseLong(Files.readString(pidFile).trim()));
      }
    }
    // haproxy, 6 replicas, 3 NATS nodes, the embedded PostgreSQL
    assertThat(started).hasSize(11);
    ClusterScript.Run down = script.run(Duration.ofMinutes(2), "down");
    assertThat(down.exit()).as(script.describe(down)).isZero();
    for (long pid : started) {
      assertThat(ClusterScript.running(pid)).as("process %d after ./fieldops down", pid).isFalse();
    }
  }

  /**
   * Read-your-writes across replicas, as one instance gives it: while readers ask support-2 for a
   * ticket without pause (half of them with GetTicket, half listing the customer's tickets), it is
   * changed 40 times through support-1; every read that started after a change was answered must
   * show that change or a later one. A replica that kept the earlier version until a notification
   * dropped it (the ticket cache) answers some reads with the old subject; listings take the
   * replica's kept tickets only at the versions the database lists.
   */
  private static void aChangeMadeThroughOneSupportReplicaIsReadAtOnceThroughTheOther()
      throws Exception {
    String token =
        TokenMinter.forDevKeys(
                DevKeys.loadOrCreate(script.state().resolve("dev-keys")),
                AuthConfig.DEFAULT_ISSUER,
                AuthConfig.DEFAULT_AUDIENCE)
            .mint(
                new Principal.Staff("cluster-run", Set.of(Principal.Role.ADMIN)),
                Duration.ofMinutes(10));
    ManagedChannel first = replicaChannel(1);
    ManagedChannel second = replicaChannel(2);
    try {
      var writer = stub(first, token);
      var reader = stub(second, token);
      String customer = "cluster-run-" + UUID.randomUUID().toString().substring(0, 8);
      String ticketId =
          writer
              .createTicket(
                  CreateTicketRequest.newBuilder()
                      .setRequestId(UUID.randomUUID().toString())
                      .setTicket(
                          Ticket.newBuilder()
                              .setCustomerId(customer)
                              .setSubject("subject 0")
                              .setChannel(TicketChannel.TICKET_CHANNEL_EMAIL))
                      .build())
              .getTicket()
              .getTicketId();
      var get = GetTicketRequest.newBuilder().setTicketId(ticketId).build();
      var list = ListTicketsRequest.newBuilder().setCustomerId(customer).build();
      reader.getTicket(get);
      reader.listTickets(list);

      record Read(long started, boolean listing, int change) {}
      List<Read> reads = new CopyOnWriteArrayList<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Thread> readers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        boolean listing = i % 2 == 1;
        readers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (writing.get()) {
                        long started = System.nanoTime();
                        String subject =
                            listing
                                ? reader.listTickets(list).getTickets(0).getSubject()
                                : reader.getTicket(get).getTicket().getSubject();
                        reads.add(new Read(started, listing, changeOf(subject)));
                      }
                    }));
      }
      long[] answered = new long[41];
      try {
        for (int change = 1; change <= 40; change++) {
          writer.updateTicket(
              UpdateTicketRequest.newBuilder()
                  .setTicket(
                      Ticket.newBuilder().setTicketId(ticketId).setSubject("subject " + change))
                  .setUpdateMask(FieldMask.newBuilder().addPaths("subject"))
                  .build());
          answered[change] = System.nanoTime();
        }
      } finally {
        writing.set(false);
        for (Thread thread : readers) {
          thread.join(Duration.ofSeconds(60));
        }
      }

      List<String> stale = new ArrayList<>();
      for (Read read : reads) {
        int latest = 0;
        for (int change = 1; change <= 40; change++) {
          if (answered[change] < read.started()) {
            latest = change;
          }
        }
        if (read.change() < latest) {
          stale.add(
              (read.listing() ? "listed " : "read ")
                  + "change "
                  + read.change()
                  + " after change "
                  + latest
                  + " was answered");
        }
      }
      assertThat(reads).as("reads at support-2").hasSizeGreaterThan(40);
      assertThat(reads)
          .as("listings at support-2")
          .filteredOn(Read::listing)
          .hasSizeGreaterThan(20);
      assertThat(stale)
          .as("reads at support-2 older than a change support-1 had answered")
          .isEmpty();
    } finally {
      first.shutdownNow();
      second.shutdownNow();
    }
  }

  private static int changeOf(String subject) {
    return Integer.parseInt(subject.substring("subject ".length()));
  }

  /** A channel straight to support's replica {@code replica}, past HAProxy, with the run's CA. */
  private static ManagedChannel replicaChannel(int replica) throws IOException {
    return Grpc.newChannelBuilderForAddress(
            "127.0.0.1",
            script.ports().replica(0, replica),
            TlsChannelCredentials.newBuilder()
                .trustManager(script.state().resolve("tls/ca.pem").toFile())
                .build())
        .build();
  }

  private static CustomerSupportServiceGrpc.CustomerSupportServiceBlockingStub stub(
      ManagedChannel channel, String token) {
    return CallDeadlines.eachWithin(
        TestTokens.withToken(CustomerSupportServiceGrpc.newBlockingStub(channel), token),
        Duration.ofSeconds(30));
  }

  /** Support's device lookups among the calls a telemetry replica served. */
  private static double lookups(Map<String, Double> served) {
    return served.getOrDefault("fieldops.telemetry.v1.TelemetryService/GetDevice", 0.0)
        + served.getOrDefault("fieldops.telemetry.v1.TelemetryService/QueryReadings", 0.0);
  }

  /** The calls a replica served, by method, from its Prometheus metrics. */
  private static Map<String, Double> callsServed(int metricsPort) throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    Map<String, Double> calls = new HashMap<>();
    var matcher = CALLS.matcher(response.body());
    while (matcher.find()) {
      calls.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
    }
    return calls;
  }
}
