package dev.fieldops.support.bootstrap;

import dev.fieldops.config.ConfigException;
import dev.fieldops.config.Durations;
import dev.fieldops.config.Environment;
import dev.fieldops.grpc.client.ClientTransport;
import dev.fieldops.grpc.client.GrpcChannels;
import dev.fieldops.nats.inbox.DeadLetterRetention;
import dev.fieldops.support.adapter.nats.SupportConsumers.Retries;
import dev.fieldops.support.application.event.EnrichmentRetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How customer support reacts to the other contexts, read from the environment.
 *
 * <ul>
 *   <li>{@code TELEMETRY_ADDRESS}: telemetry's gRPC endpoint, {@code host:port}; default {@code
 *       127.0.0.1:50052}. Several, comma-separated ({@code host1:port1,host2:port2}), are
 *       telemetry's replicas: support balances its calls over those that are up (client-side round
 *       robin), each reached with support's own client certificate. {@code dns:///host:port} (e.g.
 *       {@code dns:///telemetry-headless:50052}, a Kubernetes headless Service) does the same over
 *       every address the name resolves to, looked up again as connections close.
 *   <li>{@code TELEMETRY_TLS_CA_FILE}: the CA of telemetry's certificate (PEM); without it, TLS
 *       trusts the JVM's trust store. {@code TELEMETRY_TLS_CERT_FILE} / {@code
 *       TELEMETRY_TLS_KEY_FILE}: support's client certificate (URI SAN {@code
 *       spiffe://fieldops/support}) and PKCS#8 key for mutual TLS: telemetry then knows support as
 *       the {@code service} principal of context {@code support} without a token. {@code
 *       TELEMETRY_PLAINTEXT=true}: plaintext instead (development only).
 *   <li>{@code TELEMETRY_TOKEN}: the bearer token for calls to telemetry; when unset, support
 *       presents its client certificate if it has one, else mints its own {@code service} token
 *       (context {@code support}) with the development signing key of {@code AUTH_DEV_KEY_DIR},
 *       renewed before it expires. Required when the service verifies tokens with {@code
 *       AUTH_JWKS_URL} or {@code AUTH_PUBLIC_KEY_FILE} and has no client certificate (there is no
 *       key to mint with then).
 *   <li>{@code TELEMETRY_DEADLINE}: the deadline of one device lookup, default 2s.
 *   <li>{@code SUPPORT_CONSUMER_MAX_DELIVER}: attempts of a failing event before it is parked,
 *       default 5.
 *   <li>{@code SUPPORT_CONSUMER_BACKOFF}: the pauses between those attempts, comma-separated, fewer
 *       than the attempts, default {@code 10s,30s,2m,10m}; the first is also how long one attempt
 *       may take before JetStream delivers the event again.
 *   <li>{@code SUPPORT_ENRICHMENT_INTERVAL}: how often tickets still waiting for their device
 *       details are retried, default 10s.
 *   <li>{@code SUPPORT_ENRICHMENT_RETRY_FIRST} / {@code SUPPORT_ENRICHMENT_RETRY_MAX}: the pause
 *       after a failed lookup, doubling from the first to the max, defaults 10s and 10m.
 *   <li>{@code SUPPORT_DEAD_LETTER_RETRY_INTERVAL}: how often operators' retry requests are
 *       performed, default 2s: the runtime's, as for every service with consumers ({@link
 *       dev.fieldops.runtime.DeadLetterRetries}).
 *   <li>{@code DEAD_LETTER_MAX_AGE} / {@code DEAD_LETTER_MAX_PER_CONSUMER}: the platform's
 *       retention of parked events ({@link DeadLetterRetention}), defaults 30d and 10000.
 * </ul>
 */
public record ReactionConfig(
    String telemetryAddress,
    ClientTransport telemetryTransport,
    Optional<String> telemetryToken,
    Duration telemetryDeadline,
    Retries consumerRetries,
    Duration enrichmentInterval,
    EnrichmentRetry enrichmentRetry) {

  public static final String TELEMETRY_ADDRESS = "TELEMETRY_ADDRESS";
  public static final String TELEMETRY_TOKEN = "TELEMETRY_TOKEN";

  /** The variables of support's channel to telemetry. */
  public static final ClientTransport.Variables TELEMETRY_TLS =
      new ClientTransport.Variables(
          "TELEMETRY_TLS_CA_FILE",
          "TELEMETRY_TLS_CERT_FILE",
          "TELEMETRY_TLS_KEY_FILE",
          "TELEMETRY_PLAINTEXT");

  public static final String TELEMETRY_DEADLINE = "TELEMETRY_DEADLINE";
  public static final String CONSUMER_MAX_DELIVER = "SUPPORT_CONSUMER_MAX_DELIVER";
  public static final String CONSUMER_BACKOFF = "SUPPORT_CONSUMER_BACKOFF";
  public static final String ENRICHMENT_INTERVAL = "SUPPORT_ENRICHMENT_INTERVAL";
  public static final String ENRICHMENT_RETRY_FIRST = "SUPPORT_ENRICHMENT_RETRY_FIRST";
  public static final String ENRICHMENT_RETRY_MAX = "SUPPORT_ENRICHMENT_RETRY_MAX";

  public static final String DEFAULT_TELEMETRY_ADDRESS = "127.0.0.1:50052";

  private static final List<Duration> DEFAULT_BACKOFF =
      List.of(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofMinutes(10));

  /**
   * @throws IllegalArgumentException naming the variable whose value is unusable
   */
  public static ReactionConfig fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    var address =
        values
            .value(
                TELEMETRY_ADDRESS,
                "host:port, several comma-separated (telemetry's replicas), or dns:///host:port"
                    + " (every address of the name, e.g. a headless Service)",
                GrpcChannels::target)
            .orElse(DEFAULT_TELEMETRY_ADDRESS);
    var token = values.secret(TELEMETRY_TOKEN).map(String::trim).filter(t -> !t.isEmpty());
    var deadline =
        values.duration(
            TELEMETRY_DEADLINE,
            Duration.ofSeconds(2),
            Duration.ofMillis(100),
            Duration.ofMinutes(1));
    int maxDeliver = values.integer(CONSUMER_MAX_DELIVER, 5, 1, 100);
    var backoff = backoff(values, maxDeliver);
    var interval =
        values.duration(
            ENRICHMENT_INTERVAL,
            Duration.ofSeconds(10),
            Duration.ofMillis(50),
            Duration.ofHours(1));
    var first =
        values.duration(
            ENRICHMENT_RETRY_FIRST,
            Duration.ofSeconds(10),
            Duration.ofMillis(50),
            Duration.ofHours(1));
    var max =
        values.duration(
            ENRICHMENT_RETRY_MAX,
            Duration.ofMinutes(10),
            Duration.ofMillis(50),
            Duration.ofDays(1));
    if (max.compareTo(first) < 0) {
      throw ConfigException.invalid(
          ENRICHMENT_RETRY_MAX,
          Durations.format(max),
          "at least " + ENRICHMENT_RETRY_FIRST + " (" + Durations.format(first) + ")");
    }
    return new ReactionConfig(
        address,
        ClientTransport.fromEnvironment(env, TELEMETRY_TLS),
        token,
        deadline,
        new Retries(maxDeliver, backoff, DeadLetterRetention.fromEnvironment(env)),
        interval,
        new EnrichmentRetry(first, max));
  }

  private static List<Duration> backoff(Environment values, int maxDeliver) {
    var given = values.durations(CONSUMER_BACKOFF, Duration.ofMillis(1), Duration.ofDays(1));
    if (given.isEmpty()) {
      int kept = Math.min(DEFAULT_BACKOFF.size(), Math.max(1, maxDeliver - 1));
      return DEFAULT_BACKOFF.subList(0, kept);
    }
    var pauses = given.get();
    if (pauses.size() >= Math.max(2, maxDeliver)) {
      throw ConfigException.invalid(
          CONSUMER_BACKOFF,
          values.string(CONSUMER_BACKOFF).orElseThrow(),
          "fewer pauses than " + CONSUMER_MAX_DELIVER + " (" + maxDeliver + " attempts)");
    }
    return pauses;
  }
}
