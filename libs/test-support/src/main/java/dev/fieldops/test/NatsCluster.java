package dev.fieldops.test;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real JetStream cluster for one test class: three (or more) nats-server processes joined by
 * cluster routes, each with its own free client, route and monitoring ports and its own store, so
 * streams can be R3 and a test can crash, restart or freeze one node at a time while the others go
 * on. Each node is a {@link TestNats} (same binary, same kill by process id, same SIGSTOP/SIGCONT),
 * started with {@code --server_name}, {@code --cluster_name}, {@code --cluster} and {@code
 * --routes} to the other nodes.
 *
 * <pre>{@code
 * try (var cluster = NatsCluster.start()) {     // 3 nodes, JetStream meta leader elected
 *   String url = cluster.url();                 // nats://127.0.0.1:a,nats://127.0.0.1:b,...
 *   NatsCluster.Node leader = cluster.streamLeader("SUPPORT");
 *   leader.kill();                              // kill -9
 *   cluster.awaitReady();
 *   leader.start();
 * }
 * }</pre>
 */
public final class NatsCluster implements AutoCloseable {

  /** How long {@link #awaitReady()} and {@link #streamLeader} wait at most. */
  public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(60);

  private static final String CLUSTER_NAME = "fieldops-test";
  private static final Pattern META_LEADER =
      Pattern.compile("\"meta_cluster\"\\s*:\\s*\\{[^}]*?\"leader\"\\s*:\\s*\"([^\"]+)\"");

  private final List<Node> nodes;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private NatsCluster(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Starts a 3-node cluster and waits until JetStream has elected its meta leader. */
  public static NatsCluster start() {
    return start(3);
  }

  /** Starts a cluster of {@code size} nodes (at least 2) and waits until JetStream is ready. */
  public static NatsCluster start(int size) {
    if (size < 2) {
      throw new IllegalArgumentException("a cluster needs at least 2 nodes: " + size);
    }
    List<Node> nodes = new ArrayList<>();
    try {
      List<int[]> portsOfNodes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        portsOfNodes.add(new int[] {FreePorts.one(), FreePorts.one(), FreePorts.one()});
      }
      for (int i = 0; i < size; i++) {
        int[] own = portsOfNodes.get(i);
        List<String> routes = new ArrayList<>();
        for (int j = 0; j < size; j++) {
          if (j != i) {
            routes.add("nats://127.0.0.1:" + portsOfNodes.get(j)[1]);
          }
        }
        String name = "n" + (i + 1);
        List<String> args =
            List.of(
                "--server_name",
                name,
                "--cluster_name",
                CLUSTER_NAME,
                "--cluster",
                "nats://127.0.0.1:" + own[1],
                "--routes",
                String.join(",", routes),
                "-m",
                Integer.toString(own[2]));
        TestNats server =
            TestNats.reserve(
                own[0], Files.createTempDirectory("fieldops-nats-" + name + "-"), args);
        nodes.add(new Node(i, name, server, own[1], own[2]));
      }
    } catch (IOException e) {
      nodes.forEach(Node::close);
      throw new UncheckedIOException(e);
    }
    var cluster = new NatsCluster(nodes);
    try {
      nodes.forEach(Node::start);
      cluster.awaitReady();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Every node's client URL, comma-separated ({@code nats://127.0.0.1:a,nats://127.0.0.1:b,...}):
   * what {@code NATS_URL} is set to so that a client reaches any node and reconnects to another
   * when its node goes away.
   */
  public String url() {
    return nodes.stream().map(Node::url).collect(Collectors.joining(","));
  }

  /** The node at {@code index}, from 0. */
  public Node node(int index) {
    return nodes.get(index);
  }

  public List<Node> nodes() {
    return nodes;
  }

  public int size() {
    return nodes.size();
  }

  /** The node named {@code serverName} ({@code n1}, {@code n2}, ...). */
  public Node node(String serverName) {
    return nodes.stream()
        .filter(n -> n.name().equals(serverName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node named " + serverName));
  }

  /**
   * Waits (at most {@link #DEFAULT_PATIENCE}) until every running node reports the same JetStream
   * meta leader on its monitoring port ({@code /jsz}): the cluster can create and place streams.
   */
  public void awaitReady() {
    awaitReady(DEFAULT_PATIENCE);
  }

  /** Like {@link #awaitReady()}, waiting at most {@code patience}. */
  public void awaitReady(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    String last = "no node answered";
    while (System.nanoTime() < deadline) {
      Set<String> leaders = new HashSet<>();
      boolean all = true;
      for (Node node : nodes) {
        if (!node.isRunning()) {
          continue;
        }
        Optional<String> leader = metaLeader(node);
        if (leader.isEmpty()) {
          all = false;
          last = node.name() + " knows no JetStream meta leader yet";
          break;
        }
        leaders.add(leader.get());
      }
      if (all && leaders.size() == 1 && node(leaders.iterator().next()).isRunning()) {
        return;
      }
      if (all) {
        last = "nodes disagree on the meta leader: " + leaders;
      }
      pause();
    }
    throw new IllegalStateException(
        "the NATS cluster was not ready within " + patience + ": " + last);
  }

  /** The JetStream meta leader {@code node} reports on {@code /jsz}; empty while there is none. */
  public Optional<String> metaLeader(Node node) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.monitorPort() + "/jsz"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = META_LEADER.matcher(response.body());
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + node.name(), e);
    }
  }

  /**
   * The node that leads {@code stream} (JetStream stream info, cluster part), waiting at most
   * {@link #DEFAULT_PATIENCE} while the stream has no leader (during an election).
   */
  public Node streamLeader(String stream) {
    return streamLeader(stream, DEFAULT_PATIENCE);
  }

  /** Like {@link #streamLeader(String)}, waiting at most {@code patience}. */
  public Node streamLeader(String stream, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    String last = "not asked";
    while (System.nanoTime() < deadline) {
      try (Connection connection = Nats.connect(probeOptions())) {
        ClusterInfo cluster =
            connection.jetStreamManagement().getStreamInfo(stream).getClusterInfo();
        if (cluster != null && cluster.getLeader() != null && !cluster.getLeader().isEmpty()) {
          Node leader = node(cluster.getLeader());
          if (leader.isRunning()) {
            return leader;
          }
          last = "the reported leader " + leader.name() + " is not running";
        } else {
          last = "stream " + stream + " has no leader";
        }
      } catch (IOException | JetStreamApiException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while asking for the leader", e);
      }
      pause();
    }
    throw new IllegalStateException(
        "no leader of stream " + stream + " within " + patience + ": " + last);
  }

  /** A node that does not lead {@code stream} and is running. */
  public Node followerOf(String stream) {
    Node leader = streamLeader(stream);
    return nodes.stream()
        .filter(n -> n != leader && n.isRunning())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no running follower of " + stream));
  }

  private Options probeOptions() {
    return new Options.Builder()
        .servers(nodes.stream().filter(Node::isRunning).map(Node::url).toArray(String[]::new))
        .connectionTimeout(Duration.ofSeconds(2))
        .maxReconnects(0)
        .build();
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the NATS cluster", e);
    }
  }

  /** Stops every node and deletes their stores. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (Node node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * One nats-server of the cluster: its ports never change, its store survives {@link #kill()} and
   * {@link #restart()}, as a crashed and restarted broker's disk does.
   */
  public static final class Node implements AutoCloseable {

    private final int index;
    private final String name;
    private final TestNats server;
    private final int clusterPort;
    private final int monitorPort;
    private volatile boolean frozen;

    private Node(int index, String name, TestNats server, int clusterPort, int monitorPort) {
      this.index = index;
      this.name = name;
      this.server = server;
      this.clusterPort = clusterPort;
      this.monitorPort = monitorPort;
    }

    /** The position in the cluster, from 0. */
    public int index() {
      return index;
    }

    /** The server name ({@code n1}, {@code n2}, ...), as JetStream reports leaders and peers. */
    public String name() {
      return name;
    }

    /** This node's client URL alone. */
    public String url() {
      return server.url();
    }

    public int port() {
      return server.port();
    }

    public int clusterPort() {
      return clusterPort;
    }

    /** The HTTP monitoring port ({@code /varz}, {@code /jsz}, {@code /routez}). */
    public int monitorPort() {
      return monitorPort;
    }

    public boolean isRunning() {
      return server.isRunning();
    }

    /** The operating-system process id. */
    public long pid() {
      return server.pid();
    }

    /** Starts the node (again) on its ports with its store; does nothing while it runs. */
    public void start() {
      server.startServer();
    }

    /** Stops the node gracefully. */
    public void stop() {
      server.stop();
    }

    /** Stops the node gracefully and starts it again. */
    public void restart() {
      server.restart();
    }

    /** Kills the node with SIGKILL by its process id, as a crash would; waits until it is gone. */
    public void kill() {
      server.kill();
      frozen = false;
    }

    /** SIGSTOP: the node keeps its sockets but answers nothing (a hung broker, a paused VM). */
    public void freeze() {
      server.freeze();
      frozen = true;
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() {
      server.thaw();
      frozen = false;
    }

    /** Whether the node is frozen ({@link #freeze()} without {@link #thaw()} yet). */
    public boolean isFrozen() {
      return frozen;
    }

    /** Stops the node (thawed first if frozen, so that it can stop) and deletes its store. */
    @Override
    public void close() {
      if (frozen && server.isRunning()) {
        server.thaw();
        frozen = false;
      }
      server.close();
    }

    @Override
    public String toString() {
      return name + "(" + url() + ")";
    }
  }
}
