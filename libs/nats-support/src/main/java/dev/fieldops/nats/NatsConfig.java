package dev.fieldops.nats;

import dev.fieldops.config.ConfigException;
import dev.fieldops.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a service reaches NATS.
 *
 * @param url one or more comma-separated server URLs ({@code nats://host:4222})
 * @param connectionName shown by the server's monitoring ({@code connz}), usually the service name
 * @param connectTimeout establishing one connection
 * @param reconnectWait first pause between reconnect rounds; it doubles up to {@code
 *     maxReconnectWait} (with jitter) while the server stays away
 * @param maxReconnectWait ceiling of the reconnect backoff
 * @param pingInterval how often the client checks that the server still answers; two missed pongs
 *     count as a lost connection
 * @param requestTimeout JetStream API calls and publish acknowledgements
 * @param credentials who the client is to the server
 * @param tls TLS towards the server; empty: plaintext unless a URL says {@code tls://}
 * @param inboxPrefix subject prefix of this client's reply and delivery inboxes ({@code _INBOX} by
 *     default); one per identity (e.g. {@code _INBOX_support}) lets the server's permissions keep
 *     each identity from subscribing to the others' replies, which carry pulled events
 */
public record NatsConfig(
    String url,
    String connectionName,
    Duration connectTimeout,
    Duration reconnectWait,
    Duration maxReconnectWait,
    Duration pingInterval,
    Duration requestTimeout,
    NatsCredentials credentials,
    Optional<NatsTls> tls,
    String inboxPrefix) {

  public static final String URL_VARIABLE = "NATS_URL";
  public static final String DEFAULT_URL = "nats://127.0.0.1:4222";
  public static final String CREDS_FILE_VARIABLE = "NATS_CREDS_FILE";
  public static final String NKEY_SEED_FILE_VARIABLE = "NATS_NKEY_SEED_FILE";
  public static final String USER_VARIABLE = "NATS_USER";
  public static final String PASSWORD_VARIABLE = "NATS_PASSWORD";
  public static final String TLS_CA_FILE_VARIABLE = "NATS_TLS_CA_FILE";
  public static final String TLS_CERT_FILE_VARIABLE = "NATS_TLS_CERT_FILE";
  public static final String TLS_KEY_FILE_VARIABLE = "NATS_TLS_KEY_FILE";
  public static final String INBOX_PREFIX_VARIABLE = "NATS_INBOX_PREFIX";
  public static final String DEFAULT_INBOX_PREFIX = "_INBOX";

  private static final java.util.regex.Pattern INBOX_PREFIX =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  public NatsConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(connectionName, "connectionName");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(inboxPrefix, "inboxPrefix");
    if (!INBOX_PREFIX.matcher(inboxPrefix).matches()) {
      throw new IllegalArgumentException(
          "inboxPrefix must be subject tokens without wildcards: " + inboxPrefix);
    }
    if (url.isBlank()) {
      throw new IllegalArgumentException("url must not be blank");
    }
    if (connectionName.isBlank()) {
      throw new IllegalArgumentException("connectionName must not be blank");
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("reconnectWait", reconnectWait);
    requirePositive("maxReconnectWait", maxReconnectWait);
    requirePositive("pingInterval", pingInterval);
    requirePositive("requestTimeout", requestTimeout);
    if (maxReconnectWait.compareTo(reconnectWait) < 0) {
      throw new IllegalArgumentException("maxReconnectWait must not be shorter than reconnectWait");
    }
  }

  /**
   * The platform defaults for {@code url}: connect 5 s, reconnect backoff 250 ms doubling to 5 s,
   * ping every 10 s, requests 5 s.
   */
  public static NatsConfig forUrl(String url, String connectionName) {
    return new NatsConfig(
        url,
        connectionName,
        Duration.ofSeconds(5),
        Duration.ofMillis(250),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        NatsCredentials.none(),
        Optional.empty(),
        DEFAULT_INBOX_PREFIX);
  }

  /**
   * Reads {@code NATS_URL} (default {@value #DEFAULT_URL}), the identity ({@code NATS_CREDS_FILE},
   * {@code NATS_NKEY_SEED_FILE}, or {@code NATS_USER} with {@code NATS_PASSWORD} for development;
   * at most one of them) and TLS ({@code NATS_TLS_CA_FILE}, with {@code NATS_TLS_CERT_FILE} and
   * {@code NATS_TLS_KEY_FILE} for a server that verifies clients) and the inbox prefix ({@code
   * NATS_INBOX_PREFIX}, default {@value #DEFAULT_INBOX_PREFIX}); everything else takes the defaults
   * of {@link #forUrl}.
   *
   * @throws IllegalArgumentException naming the variable when a value cannot be used
   */
  public static NatsConfig fromEnvironment(Map<String, String> env, String connectionName) {
    Environment environment = Environment.of(env);
    String url = environment.string(URL_VARIABLE, DEFAULT_URL);
    boolean userInUrl = false;
    for (String server : url.split(",")) {
      String s = server.trim();
      if (!(s.startsWith("nats://")
          || s.startsWith("tls://")
          || s.startsWith("ws://")
          || s.startsWith("wss://"))) {
        throw ConfigException.invalid(
            URL_VARIABLE,
            redact(s),
            "a comma-separated list of nats://, tls://, ws:// or wss:// URLs");
      }
      userInUrl |= !redact(s).equals(s);
    }
    NatsCredentials credentials = credentials(environment);
    if (userInUrl && !(credentials instanceof NatsCredentials.None)) {
      throw ConfigException.invalid(
          URL_VARIABLE,
          redact(url),
          "no user in the URL when " + credentials.describe() + " is configured");
    }
    String inboxPrefix =
        environment
            .value(
                INBOX_PREFIX_VARIABLE,
                "subject tokens without wildcards, e.g. _INBOX_support",
                raw -> {
                  if (!INBOX_PREFIX.matcher(raw).matches()) {
                    throw new IllegalArgumentException(raw);
                  }
                  return raw;
                })
            .orElse(DEFAULT_INBOX_PREFIX);
    return forUrl(url, connectionName)
        .withCredentials(credentials)
        .withTls(tls(environment))
        .withInboxPrefix(inboxPrefix);
  }

  private static NatsCredentials credentials(Environment env) {
    List<NatsCredentials> given = new ArrayList<>();
    List<String> names = new ArrayList<>();
    readableFile(env, CREDS_FILE_VARIABLE)
        .ifPresent(
            file -> {
              given.add(new NatsCredentials.CredsFile(file));
              names.add(CREDS_FILE_VARIABLE);
            });
    readableFile(env, NKEY_SEED_FILE_VARIABLE)
        .ifPresent(
            file -> {
              given.add(new NatsCredentials.SeedFile(file));
              names.add(NKEY_SEED_FILE_VARIABLE);
            });
    Optional<String> user = env.string(USER_VARIABLE);
    Optional<String> password = env.secret(PASSWORD_VARIABLE);
    if (user.isPresent() != password.isPresent()) {
      throw user.isPresent()
          ? ConfigException.invalidSecret(PASSWORD_VARIABLE, "the password of " + USER_VARIABLE)
          : ConfigException.invalid(
              USER_VARIABLE, "", "a user name, since " + PASSWORD_VARIABLE + " is set");
    }
    if (user.isPresent()) {
      given.add(new NatsCredentials.UserPassword(user.get(), password.get()));
      names.add(USER_VARIABLE);
    }
    if (given.size() > 1) {
      throw ConfigException.invalid(
          names.get(1),
          "(set)",
          "one way to authenticate, but " + String.join(" and ", names) + " are all set");
    }
    return given.isEmpty() ? NatsCredentials.none() : given.get(0);
  }

  private static Optional<NatsTls> tls(Environment env) {
    Optional<Path> ca = readableFile(env, TLS_CA_FILE_VARIABLE);
    Optional<Path> cert = readableFile(env, TLS_CERT_FILE_VARIABLE);
    Optional<Path> key = readableFile(env, TLS_KEY_FILE_VARIABLE);
    if (cert.isPresent() != key.isPresent()) {
      String missing = cert.isPresent() ? TLS_KEY_FILE_VARIABLE : TLS_CERT_FILE_VARIABLE;
      throw ConfigException.invalid(
          missing,
          "",
          "a PEM file: "
              + TLS_CERT_FILE_VARIABLE
              + " and "
              + TLS_KEY_FILE_VARIABLE
              + " go together");
    }
    if (ca.isEmpty() && cert.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new NatsTls(ca, cert, key));
  }

  private static Optional<Path> readableFile(Environment env, String name) {
    Optional<Path> path = env.path(name);
    path.ifPresent(
        file -> {
          if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw ConfigException.invalid(name, file.toString(), "a readable file");
          }
        });
    return path;
  }

  /** The same, authenticating with {@code credentials}. */
  public NatsConfig withCredentials(NatsCredentials credentials) {
    return with(c -> c.credentials = credentials);
  }

  /** The same, with replies and deliveries on {@code prefix.<unique>}. */
  public NatsConfig withInboxPrefix(String prefix) {
    return with(c -> c.inboxPrefix = prefix);
  }

  /** The same, over TLS as {@code tls} says (empty: plaintext unless a URL says tls://). */
  public NatsConfig withTls(Optional<NatsTls> tls) {
    return with(c -> c.tls = tls);
  }

  public NatsConfig withReconnectWait(Duration first, Duration max) {
    return with(
        c -> {
          c.reconnectWait = first;
          c.maxReconnectWait = max;
        });
  }

  public NatsConfig withConnectTimeout(Duration timeout) {
    return with(c -> c.connectTimeout = timeout);
  }

  public NatsConfig withRequestTimeout(Duration timeout) {
    return with(c -> c.requestTimeout = timeout);
  }

  public NatsConfig withPingInterval(Duration interval) {
    return with(c -> c.pingInterval = interval);
  }

  /** This configuration with {@code change} made to a copy of its components, checked again. */
  private NatsConfig with(Consumer<Components> change) {
    var components = new Components(this);
    change.accept(components);
    return components.config();
  }

  /** The components of a configuration being changed by one of the {@code with} methods. */
  private static final class Components {
    private final String url;
    private final String connectionName;
    Duration connectTimeout;
    Duration reconnectWait;
    Duration maxReconnectWait;
    Duration pingInterval;
    Duration requestTimeout;
    NatsCredentials credentials;
    Optional<NatsTls> tls;
    String inboxPrefix;

    Components(NatsConfig config) {
      url = config.url;
      connectionName = config.connectionName;
      connectTimeout = config.connectTimeout;
      reconnectWait = config.reconnectWait;
      maxReconnectWait = config.maxReconnectWait;
      pingInterval = config.pingInterval;
      requestTimeout = config.requestTimeout;
      credentials = config.credentials;
      tls = config.tls;
      inboxPrefix = config.inboxPrefix;
    }

    NatsConfig config() {
      return new NatsConfig(
          url,
          connectionName,
          connectTimeout,
          reconnectWait,
          maxReconnectWait,
          pingInterval,
          requestTimeout,
          credentials,
          tls,
          inboxPrefix);
    }
  }

  /** Keeps credentials embedded in the URL out of logs. */
  @Override
  public String toString() {
    return "NatsConfig[url="
        + redact(url)
        + ", connectionName="
        + connectionName
        + ", connectTimeout="
        + connectTimeout
        + ", reconnectWait="
        + reconnectWait
        + ", maxReconnectWait="
        + maxReconnectWait
        + ", pingInterval="
        + pingInterval
        + ", requestTimeout="
        + requestTimeout
        + ", credentials="
        + credentials.describe()
        + ", tls="
        + tls.map(NatsTls::toString).orElse("off")
        + ", inboxPrefix="
        + inboxPrefix
        + "]";
  }

  static String redact(String url) {
    return url.replaceAll("://[^@/,]*@", "://****@");
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
