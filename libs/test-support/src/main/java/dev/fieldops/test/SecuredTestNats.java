package dev.fieldops.test;

import io.nats.client.NKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private nats-server run with the configuration FieldOps ships ({@code
 * deploy/nats/nats-server.conf}, or {@code nats-server-tls.conf}), only its {@code listen} and
 * {@code store_dir} rewritten to a free port and a fresh directory; {@code permissions.conf} is
 * copied next to it unchanged. Each identity gets a fresh NKey: the server learns the public keys
 * from its environment, as in production, and the clients read the seeds from files ({@link
 * #clientEnvironment}).
 */
public final class SecuredTestNats implements AutoCloseable {

  /** The identities of {@code deploy/nats/permissions.conf}. */
  public enum Identity {
    SUPPORT,
    TELEMETRY,
    INVOICING,
    OBSERVER,
    OPERATOR
  }

  /** Server certificate, key and the CA of client certificates, for the TLS configuration. */
  public record ServerTls(Path certFile, Path keyFile, Path clientCaFile) {}

  private final Path dir;
  private final int port;
  private final Map<Identity, Path> seeds;
  private final Process process;
  private final boolean tls;

  private SecuredTestNats(
      Path dir, int port, Map<Identity, Path> seeds, Process process, boolean tls) {
    this.dir = dir;
    this.port = port;
    this.seeds = seeds;
    this.process = process;
    this.tls = tls;
  }

  /** Starts the shipped {@code nats-server.conf}. */
  public static SecuredTestNats start() {
    return launch("nats-server.conf", Optional.empty());
  }

  /** Starts the shipped {@code nats-server-tls.conf} with these certificate files. */
  public static SecuredTestNats startWithTls(ServerTls files) {
    return launch("nats-server-tls.conf", Optional.of(files));
  }

  /** The shipped configuration directory, {@code deploy/nats} of this repository. */
  public static Path shippedConfigDir() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("deploy/nats");
      if (Files.isRegularFile(candidate.resolve("permissions.conf"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no deploy/nats/permissions.conf above " + dir);
  }

  private static SecuredTestNats launch(String configName, Optional<ServerTls> tls) {
    try {
      Path shipped = shippedConfigDir();
      Path dir = Files.createTempDirectory("fieldops-secured-nats-");
      int port = FreePorts.one();
      String config = Files.readString(shipped.resolve(configName), StandardCharsets.UTF_8);
      String rewritten =
          config
              .replaceFirst("(?m)^listen:.*$", "listen: 127.0.0.1:" + port)
              .replaceFirst(
                  "(?m)^(\\s*)store_dir:.*$", "$1store_dir: \"" + dir.resolve("store") + "\"");
      if (rewritten.equals(config)) {
        throw new IllegalStateException(configName + " has no listen or store_dir line");
      }
      Files.writeString(dir.resolve(configName), rewritten);
      Files.copy(shipped.resolve("permissions.conf"), dir.resolve("permissions.conf"));

      Map<Identity, Path> seeds = new EnumMap<>(Identity.class);
      var builder =
          new ProcessBuilder(
              TestNats.executable().toString(), "-c", dir.resolve(configName).toString());
      Map<String, String> env = builder.environment();
      for (Identity identity : Identity.values()) {
        NKey key = NKey.createUser(null);
        Path seed = dir.resolve(identity.name().toLowerCase(Locale.ROOT) + ".nk");
        Files.writeString(seed, new String(key.getSeed()));
        seeds.put(identity, seed);
        env.put("FIELDOPS_NATS_" + identity.name() + "_NKEY", new String(key.getPublicKey()));
      }
      tls.ifPresent(
          files -> {
            env.put("FIELDOPS_NATS_TLS_CERT", files.certFile().toString());
            env.put("FIELDOPS_NATS_TLS_KEY", files.keyFile().toString());
            env.put("FIELDOPS_NATS_TLS_CA", files.clientCaFile().toString());
          });
      builder.redirectErrorStream(true).redirectOutput(dir.resolve("nats-server.log").toFile());
      Process process = builder.start();
      var nats = new SecuredTestNats(dir, port, seeds, process, tls.isPresent());
      nats.awaitListening();
      return nats;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create NKeys", e);
    }
  }

  /** Waits up to 20 s for the server's greeting; gives up at once if its process exited. */
  private void awaitListening() {
    try {
      TestNats.awaitGreeting(
          port,
          200,
          () -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("nats-server exited at start");
            }
          });
    } catch (IllegalStateException e) {
      String log = log();
      close();
      throw new IllegalStateException(e.getMessage() + ": " + log, e.getCause());
    }
  }

  /** {@code nats://127.0.0.1:<port>}, or {@code tls://} for the TLS configuration. */
  public String url() {
    return (tls ? "tls" : "nats") + "://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The file holding {@code identity}'s NKey seed. */
  public Path seedFile(Identity identity) {
    return seeds.get(identity);
  }

  /** The variables a FieldOps NATS client reads to connect as {@code identity}. */
  public Map<String, String> clientEnvironment(Identity identity) {
    Map<String, String> env = new HashMap<>();
    env.put("NATS_URL", url());
    env.put("NATS_NKEY_SEED_FILE", seedFile(identity).toString());
    switch (identity) {
      case SUPPORT, TELEMETRY, INVOICING ->
          env.put("NATS_INBOX_PREFIX", "_INBOX_" + identity.name().toLowerCase(Locale.ROOT));
      case OBSERVER, OPERATOR -> {}
    }
    return env;
  }

  /**
   * Whether the server refused a publish to {@code subject} by the client named {@code
   * connectionName} (its permissions), as its log says.
   */
  public boolean refusedPublish(String connectionName, String subject) {
    return refused(connectionName, "Publish", subject);
  }

  /** Whether the server refused a subscription to {@code subject} by that client. */
  public boolean refusedSubscription(String connectionName, String subject) {
    return refused(connectionName, "Subscription", subject);
  }

  private boolean refused(String connectionName, String kind, String subject) {
    return log()
        .lines()
        .anyMatch(
            line ->
                line.contains(":java:" + connectionName + "\" - " + kind + " Violation")
                    && line.contains("Subject \"" + subject + "\""));
  }

  /** What the server logged so far (permission violations, TLS handshake failures). */
  public String log() {
    try {
      return Files.readString(dir.resolve("nats-server.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
