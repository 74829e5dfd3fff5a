package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.test.NatsCluster;
import dev.fieldops.test.TestNats;
import io.nats.client.api.StreamConfiguration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./fieldops stream <context> create|verify|update} with the {@code EVENTS_STREAM_*}
 * settings: create makes a missing stream and never changes an existing one, verify compares,
 * update is the one explicit change; against a single server and a real 3-node cluster (R3).
 */
class StreamCommandIT {

  private static final ServiceDescriptor PROBE =
      new ServiceDescriptor(
          "probe",
          "probe-service",
          0,
          "fieldops_probe",
          StreamSpec.of("PROBE", "probe.>"),
          List.of(),
          List.of(),
          List.of());

  private TestNats server;
  private TrackedConnection nats;

  /** What one run of the command printed, and its exit code. */
  private record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    server = TestNats.start();
    nats = NatsConnections.connect(NatsConfig.forUrl(server.url(), "stream-command-test"));
  }

  @AfterEach
  void stop() {
    nats.close();
    server.close();
  }

  @Test
  void create_makes_the_configured_stream_and_never_changes_an_existing_one() throws Exception {
    Run created = run(server.url(), Map.of("EVENTS_STREAM_MAX_AGE", "3d"), "create");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).contains("stream PROBE created");
    assertThat(config().getMaxAge()).isEqualTo(Duration.ofDays(3));

    Run again = run(server.url(), Map.of("EVENTS_STREAM_MAX_AGE", "3d"), "create");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("stream PROBE exists as configured");

    Run differing =
        run(
            server.url(),
            Map.of("EVENTS_STREAM_MAX_AGE", "30d", "EVENTS_STREAM_MAX_BYTES", "512MiB"),
            "create");
    assertThat(differing.exitCode()).isEqualTo(1);
    assertThat(differing.err())
        .contains("stream PROBE exists and was left unchanged, but differs from the configuration")
        .contains("max age PT72H (expected PT720H)")
        .contains("max bytes 1073741824 (expected 536870912)")
        .contains("./fieldops stream probe update");
    assertThat(config().getMaxAge()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void verify_reports_the_differences_and_update_applies_the_settings() throws Exception {
    run(server.url(), Map.of(), "create");
    Map<String, String> month = Map.of("EVENTS_STREAM_MAX_AGE", "30d");

    Run differs = run(server.url(), month, "verify");
    assertThat(differs.exitCode()).isEqualTo(1);
    assertThat(differs.err()).contains("max age PT168H (expected PT720H)");

    Run updated = run(server.url(), month, "update");
    assertThat(updated.exitCode()).as(updated.err()).isZero();
    assertThat(updated.out())
        .contains("stream PROBE updated")
        .contains("was: max age PT168H (expected PT720H)");
    assertThat(config().getMaxAge()).isEqualTo(Duration.ofDays(30));

    Run verified = run(server.url(), month, "verify");
    assertThat(verified.exitCode()).isZero();
    assertThat(verified.out()).contains("stream PROBE is as probe-service declares it");
  }

  @Test
  void three_replicas_on_a_single_server_are_refused_naming_the_setting() throws Exception {
    Run created = run(server.url(), Map.of("EVENTS_STREAM_REPLICAS", "3"), "create");
    assertThat(created.exitCode()).isEqualTo(1);
    assertThat(created.err())
        .contains("EVENTS_STREAM_REPLICAS=3 needs a JetStream cluster of at least 3 servers")
        .contains("set EVENTS_STREAM_REPLICAS to at most the number of JetStream servers");

    run(server.url(), Map.of(), "create");
    Run updated = run(server.url(), Map.of("EVENTS_STREAM_REPLICAS", "3"), "update");
    assertThat(updated.exitCode()).isEqualTo(1);
    assertThat(updated.err()).contains("is not part of a cluster");
    assertThat(config().getReplicas()).isEqualTo(1);
  }

  @Test
  void on_a_cluster_update_moves_an_r1_stream_to_three_replicas() throws Exception {
    try (NatsCluster cluster = NatsCluster.start()) {
      assertThat(run(cluster.url(), Map.of(), "create").exitCode()).isZero();
      Map<String, String> r3 = Map.of("EVENTS_STREAM_REPLICAS", "3");

      Run differs = run(cluster.url(), r3, "create");
      assertThat(differs.exitCode()).isEqualTo(1);
      assertThat(differs.err()).contains("replicas 1 (expected 3)");

      Run updated = run(cluster.url(), r3, "update");
      assertThat(updated.exitCode()).as(updated.err()).isZero();
      assertThat(run(cluster.url(), r3, "verify").exitCode()).isZero();
      try (TrackedConnection clustered =
          NatsConnections.connect(NatsConfig.forUrl(cluster.url(), "stream-command-test"))) {
        assertThat(clustered.management().getStreamInfo("PROBE").getConfiguration().getReplicas())
            .isEqualTo(3);
        // A leader and two followers once the new copies are placed.
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    clustered
                            .management()
                            .getStreamInfo("PROBE")
                            .getClusterInfo()
                            .getReplicas()
                            .size()
                        == 2);
      }

      Run five = run(cluster.url(), Map.of("EVENTS_STREAM_REPLICAS", "5"), "update");
      assertThat(five.exitCode()).isEqualTo(1);
      assertThat(five.err())
          .contains("EVENTS_STREAM_REPLICAS=5 needs a JetStream cluster of at least 5 servers");
    }
  }

  private StreamConfiguration config() throws Exception {
    return nats.management().getStreamInfo("PROBE").getConfiguration();
  }

  private static Run run(String url, Map<String, String> settings, String... args) {
    Map<String, String> env = new HashMap<>(settings);
    env.put("NATS_URL", url);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new StreamCommand(PROBE, env).execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }
}
