package dev.fieldops.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NatsClusterIT {

  private static NatsCluster cluster;

  @BeforeAll
  static void start() {
    cluster = NatsCluster.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void three_nodes_hold_an_r3_stream_and_elect_a_new_leader_when_the_leader_is_killed()
      throws Exception {
    assertThat(cluster.url().split(",")).hasSize(3);
    assertThat(cluster.nodes()).extracting(NatsCluster.Node::port).doesNotHaveDuplicates();
    try (Connection connection = connect()) {
      connection
          .jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name("PROBE")
                  .subjects("probe.>")
                  .storageType(StorageType.File)
                  .replicas(3)
                  .build());
      connection.jetStream().publish("probe.one", "before".getBytes());
    }
    NatsCluster.Node leader = cluster.streamLeader("PROBE");
    long pid = leader.pid();

    leader.kill();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    NatsCluster.Node next = cluster.streamLeader("PROBE");
    assertThat(next).isNotSameAs(leader);
    try (Connection connection = connect()) {
      connection.jetStream().publish("probe.two", "after".getBytes());
    }

    leader.start();
    cluster.awaitReady();
    try (Connection connection = connect(leader.url())) {
      // Ready means the nodes agree on the meta leader, not that the restarted node's copy of the
      // stream caught up: until then a follower may answer in the leader's stead with its own
      // count (CI runs read 1, also right after reading 2). Caught up is the leader's answer
      // listing the restarted node as a current replica, with both messages.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> caughtUp(connection, leader.name()));
    }
  }

  /** The leader's view of PROBE: both messages, and {@code node} a current replica of them. */
  private static boolean caughtUp(Connection connection, String node)
      throws IOException, JetStreamApiException {
    StreamInfo info = connection.jetStreamManagement().getStreamInfo("PROBE");
    ClusterInfo placement = info.getClusterInfo();
    if (info.getStreamState().getMsgCount() != 2 || placement == null) {
      return false;
    }
    if (node.equals(placement.getLeader())) {
      return true; // elected again: its own answer
    }
    return placement.getReplicas() != null
        && placement.getReplicas().stream()
            .anyMatch(r -> r.getName().equals(node) && r.isCurrent() && r.getLag() == 0);
  }

  @Test
  void a_frozen_node_answers_nothing_until_thawed() throws Exception {
    NatsCluster.Node node = cluster.node(2);
    node.freeze();
    try {
      var once =
          new Options.Builder()
              .server(node.url())
              .connectionTimeout(Duration.ofMillis(500))
              .maxReconnects(0)
              .build();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Nats.connect(once))
          .isInstanceOf(IOException.class);
    } finally {
      node.thaw();
    }
    try (Connection connection = connect(node.url())) {
      assertThat(connection.getServerInfo().getServerName()).isEqualTo(node.name());
    }
  }

  private static Connection connect() throws Exception {
    return connect(cluster.url());
  }

  private static Connection connect(String url) throws Exception {
    return Nats.connect(
        new Options.Builder()
            .servers(url.split(","))
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(0)
            .build());
  }
}
