package dev.fieldops.grpc.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.fieldops.config.ConfigException;
import dev.fieldops.config.Environment;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How callers' tokens are verified: who must have issued them, for which audience, signed with
 * which algorithms, and where the public keys come from.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th></tr>
 *   <tr><td>AUTH_ISSUER</td><td>fieldops-dev</td></tr>
 *   <tr><td>AUTH_AUDIENCE</td><td>fieldops</td></tr>
 *   <tr><td>AUTH_JWKS_URL</td><td>(production) keys fetched and cached from this URL</td></tr>
 *   <tr><td>AUTH_PUBLIC_KEY_FILE</td><td>(production) one EC or RSA public key, PEM</td></tr>
 *   <tr><td>AUTH_DEV_KEY_DIR</td><td>(development only) the folder of the local development key
 *       pair, created on first use; used only when set and neither of the above is</td></tr>
 *   <tr><td>AUTH_ALGORITHMS</td><td>ES256,RS256 (asymmetric only: ES*, RS*, PS*)</td></tr>
 *   <tr><td>AUTH_CLOCK_SKEW</td><td>30s (tolerance for exp and nbf)</td></tr>
 *   <tr><td>AUTH_MAX_TOKEN_LIFETIME_STAFF, _CUSTOMER, _DEVICE, _SERVICE</td><td>24h, 24h, 30d,
 *       24h: the longest validity a token of that kind may have ({@link TokenLifetimes})</td></tr>
 *   <tr><td>AUTH_JWKS_REFRESH</td><td>5m: how long a fetched key set is used; it is fetched again
 *       in the background shortly before (refresh-ahead), so calls never wait for it</td></tr>
 *   <tr><td>AUTH_JWKS_MIN_REFETCH_INTERVAL</td><td>30s: a token naming a key id not in the set
 *       fetches it at once, but at most about twice per this interval (a flood of made-up key ids
 *       cannot hammer the identity provider)</td></tr>
 *   <tr><td>AUTH_REVOKED_TOKENS_FILE</td><td>(none) the deny list of token ids ({@code jti}),
 *       re-read when it changes ({@link RevokedTokens})</td></tr>
 * </table>
 *
 * <p>One source of keys must be configured: a start with none fails naming the three variables. The
 * development key is never a silent default, so a production deployment that forgot its identity
 * provider does not start accepting tokens anyone with the repository can mint; {@code ./fieldops
 * up} and the tests ask for it by setting {@code AUTH_DEV_KEY_DIR}.
 *
 * <p>HMAC algorithms are refused: a shared secret in every service is a secret in every pod, and
 * the classic attack signs an HS256 token with the public key as the secret. {@code none} is never
 * accepted.
 */
public record AuthConfig(
    String issuer,
    String audience,
    KeySource keySource,
    Set<JWSAlgorithm> algorithms,
    Duration clockSkew,
    TokenLifetimes maxLifetimes,
    Duration jwksRefresh,
    Duration jwksMinRefetchInterval,
    Optional<Path> revokedTokensFile) {

  public static final String DEFAULT_ISSUER = "fieldops-dev";
  public static final String DEFAULT_AUDIENCE = "fieldops";

  /** Where {@code ./fieldops up} and the token CLI keep the development key pair by default. */
  public static final Path DEFAULT_DEV_KEY_DIR = Path.of(".fieldops", "dev-keys");

  public static final String JWKS_URL_VARIABLE = "AUTH_JWKS_URL";
  public static final String PUBLIC_KEY_FILE_VARIABLE = "AUTH_PUBLIC_KEY_FILE";
  public static final String DEV_KEY_DIR_VARIABLE = "AUTH_DEV_KEY_DIR";
  public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
      Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(AuthConfig.class);
  private static final String ASYMMETRIC_ALGORITHMS =
      "ES256/ES384/ES512, RS256/RS384/RS512 or PS256/PS384/PS512";
  private static final String ALGORITHMS_EXPECTED =
      "comma-separated signature algorithms out of "
          + ASYMMETRIC_ALGORITHMS
          + " (never none or HMAC)";

  /** Where verification keys come from. */
  public sealed interface KeySource {
    /** A JWKS endpoint of the production identity provider; fetched lazily, cached, retried. */
    record JwksUrl(URI url) implements KeySource {}

    /** One public key in a PEM file. */
    record PublicKeyFile(Path file) implements KeySource {}

    /** The local development key pair, created on first use. */
    record DevKeyDir(Path directory) implements KeySource {}
  }

  public AuthConfig {
    requireText("issuer", issuer);
    requireText("audience", audience);
    Objects.requireNonNull(keySource, "keySource");
    algorithms = Set.copyOf(algorithms);
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one signature algorithm is required");
    }
    for (JWSAlgorithm algorithm : algorithms) {
      requireAsymmetric(algorithm, "algorithms");
    }
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes: " + clockSkew);
    }
    Objects.requireNonNull(maxLifetimes, "maxLifetimes");
    Objects.requireNonNull(jwksRefresh, "jwksRefresh");
    Objects.requireNonNull(jwksMinRefetchInterval, "jwksMinRefetchInterval");
    if (jwksRefresh.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("jwksRefresh must be at least 1s: " + jwksRefresh);
    }
    if (jwksMinRefetchInterval.isNegative() || jwksMinRefetchInterval.compareTo(jwksRefresh) >= 0) {
      throw new IllegalArgumentException(
          "AUTH_JWKS_MIN_REFETCH_INTERVAL must be shorter than AUTH_JWKS_REFRESH ("
              + jwksRefresh
              + "): "
              + jwksMinRefetchInterval);
    }
    Objects.requireNonNull(revokedTokensFile, "revokedTokensFile");
  }

  /** The same configuration with another JWKS refresh period and refetch interval. */
  public AuthConfig withJwksRefresh(Duration refresh, Duration minRefetchInterval) {
    return new AuthConfig(
        issuer,
        audience,
        keySource,
        algorithms,
        clockSkew,
        maxLifetimes,
        refresh,
        minRefetchInterval,
        revokedTokensFile);
  }

  /** The same configuration with a deny list of revoked token ids. */
  public AuthConfig withRevokedTokensFile(Path file) {
    return new AuthConfig(
        issuer,
        audience,
        keySource,
        algorithms,
        clockSkew,
        maxLifetimes,
        jwksRefresh,
        jwksMinRefetchInterval,
        Optional.of(file));
  }

  /** Development defaults: the dev key pair in {@code directory}, default issuer and audience. */
  public static AuthConfig forDevKeys(Path directory) {
    return new AuthConfig(
        DEFAULT_ISSUER,
        DEFAULT_AUDIENCE,
        new KeySource.DevKeyDir(directory),
        DEFAULT_ALGORITHMS,
        DEFAULT_CLOCK_SKEW,
        TokenLifetimes.DEFAULTS,
        DEFAULT_JWKS_REFRESH,
        DEFAULT_JWKS_MIN_REFETCH_INTERVAL,
        Optional.empty());
  }

  public static AuthConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Reads the variables of the table above.
   *
   * @throws IllegalArgumentException naming the variable when a value is invalid or two key sources
   *     are configured at once; naming {@code AUTH_JWKS_URL}, {@code AUTH_PUBLIC_KEY_FILE} and
   *     {@code AUTH_DEV_KEY_DIR} when none is
   */
  public static AuthConfig fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    var jwks = values.httpUrl(JWKS_URL_VARIABLE);
    var publicKeyFile = values.path(PUBLIC_KEY_FILE_VARIABLE);
    var devKeyDir = values.path(DEV_KEY_DIR_VARIABLE);
    if (jwks.isPresent() && publicKeyFile.isPresent()) {
      throw ConfigException.invalid(
          "AUTH_JWKS_URL",
          jwks.get().toString(),
          "only one of AUTH_JWKS_URL and AUTH_PUBLIC_KEY_FILE set (one source of verification"
              + " keys)");
    }
    KeySource keySource;
    if (jwks.isPresent()) {
      keySource = new KeySource.JwksUrl(jwks.get());
    } else if (publicKeyFile.isPresent()) {
      keySource = new KeySource.PublicKeyFile(publicKeyFile.get());
    } else {
      keySource = devKeyDir.<KeySource>map(KeySource.DevKeyDir::new).orElse(null);
    }
    var issuer = values.string("AUTH_ISSUER", DEFAULT_ISSUER);
    var audience = values.string("AUTH_AUDIENCE", DEFAULT_AUDIENCE);
    var algorithms =
        values
            .list("AUTH_ALGORITHMS", ALGORITHMS_EXPECTED, AuthConfig::asymmetric)
            .map(Set::copyOf)
            .orElse(DEFAULT_ALGORITHMS);
    var clockSkew =
        values.duration(
            "AUTH_CLOCK_SKEW", DEFAULT_CLOCK_SKEW, Duration.ZERO, Duration.ofMinutes(5));
    var lifetimes = TokenLifetimes.fromEnvironment(env);
    var jwksRefresh =
        values.duration(
            "AUTH_JWKS_REFRESH", DEFAULT_JWKS_REFRESH, Duration.ofSeconds(10), Duration.ofDays(1));
    var jwksMinRefetchInterval =
        values.duration(
            "AUTH_JWKS_MIN_REFETCH_INTERVAL",
            DEFAULT_JWKS_MIN_REFETCH_INTERVAL,
            Duration.ZERO,
            Duration.ofHours(1));
    var revokedTokensFile = values.path("AUTH_REVOKED_TOKENS_FILE");
    // Checked last, so that a value that is wrong is reported as such first.
    if (keySource == null) {
      throw ConfigException.missing(
          JWKS_URL_VARIABLE + " or " + PUBLIC_KEY_FILE_VARIABLE,
          "no source of token verification keys: set "
              + JWKS_URL_VARIABLE
              + " (the identity provider's JWKS endpoint) or "
              + PUBLIC_KEY_FILE_VARIABLE
              + " (its public key, PEM); for a local development run only, "
              + DEV_KEY_DIR_VARIABLE
              + " (a folder for the development key pair, as ./fieldops up sets)");
    }
    return new AuthConfig(
        issuer,
        audience,
        keySource,
        algorithms,
        clockSkew,
        lifetimes,
        jwksRefresh,
        jwksMinRefetchInterval,
        revokedTokensFile);
  }

  /**
   * Builds the verifier, loading (or, for the development key, creating) the keys now so that a
   * missing or unreadable key fails the service at start.
   */
  public TokenVerifier createVerifier() {
    JWKSource<SecurityContext> keys =
        switch (keySource) {
          case KeySource.JwksUrl(URI url) -> jwksSource(url, jwksRefresh, jwksMinRefetchInterval);
          case KeySource.PublicKeyFile(Path file) -> singleKey(readPublicKeyFile(file));
          case KeySource.DevKeyDir(Path directory) -> {
            DevKeys devKeys = DevKeys.loadOrCreate(directory);
            if (devKeys.created()) {
              log.info("created a development signing key in {}", devKeys.directory());
            }
            log.warn(
                "verifying tokens with the local development key in {}; set AUTH_JWKS_URL or "
                    + "AUTH_PUBLIC_KEY_FILE in production",
                devKeys.directory());
            yield singleKey(devKeys.publicKey());
          }
        };
    RevokedTokens revoked =
        revokedTokensFile.map(RevokedTokens::fromFile).orElse(RevokedTokens.NONE);
    return new CachingTokenVerifier(
        new JwtTokenVerifier(keys, algorithms, issuer, audience, clockSkew, maxLifetimes),
        Clock.systemUTC(),
        CachingTokenVerifier.DEFAULT_TTL,
        CachingTokenVerifier.DEFAULT_MAX_ENTRIES,
        revoked);
  }

  private static JWKSource<SecurityContext> jwksSource(
      URI url, Duration refresh, Duration minRefetchInterval) {
    try {
      // Short network timeouts: a verification runs inside an RPC. nimbus holds every key of the
      // set (several at once during a rotation, selected by kid), refetches it in the background
      // before it expires (scheduled refresh-ahead), fetches at once for a kid it has not seen
      // (rate-limited), retries once, and keeps using the cached keys for a while if the endpoint
      // goes down.
      long ttl = refresh.toMillis();
      long refreshTimeout = Math.min(JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT, ttl / 4);
      long refreshAhead = Math.min(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, ttl / 4);
      var builder =
          JWKSourceBuilder.<SecurityContext>create(
                  url.toURL(), new DefaultResourceRetriever(2_000, 2_000, 512 * 1024))
              .cache(ttl, refreshTimeout)
              // nimbus's own executors would be non-daemon threads that keep a stopped service's
              // JVM alive; these are daemons (the source lives as long as the process).
              .refreshAheadCache(
                  refreshAhead,
                  event -> log.debug("JWKS {}", event.getClass().getSimpleName()),
                  Executors.newSingleThreadExecutor(
                      Thread.ofPlatform().name("jwks-refresh").daemon().factory()),
                  true,
                  Executors.newSingleThreadScheduledExecutor(
                      Thread.ofPlatform().name("jwks-refresh-timer").daemon().factory()),
                  true)
              .retrying(true)
              .outageTolerant(true);
      if (minRefetchInterval.isZero()) {
        builder.rateLimited(false);
      } else {
        builder.rateLimited(minRefetchInterval.toMillis());
      }
      return builder.build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("AUTH_JWKS_URL: invalid value '" + url + "'", e);
    }
  }

  private static JWK readPublicKeyFile(Path file) {
    try {
      return PublicKeyPem.parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "AUTH_PUBLIC_KEY_FILE: cannot read '" + file + "': " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "AUTH_PUBLIC_KEY_FILE: '" + file + "' is not a PEM public key: " + e.getMessage(), e);
    }
  }

  /**
   * One configured key, offered whatever key id a token names: an operator who configures a single
   * key means "this key", and the signature check still decides. Key type and curve must fit the
   * token's algorithm.
   */
  private static JWKSource<SecurityContext> singleKey(JWK key) {
    JWK publicKey = key.toPublicJWK();
    return (selector, context) -> {
      JWKMatcher matcher = selector.getMatcher();
      if (matcher.getKeyTypes() != null
          && !matcher.getKeyTypes().contains(publicKey.getKeyType())) {
        return List.of();
      }
      if (publicKey instanceof ECKey ec
          && matcher.getCurves() != null
          && !matcher.getCurves().contains(ec.getCurve())) {
        return List.of();
      }
      return List.of(publicKey);
    };
  }

  private static JWSAlgorithm asymmetric(String name) {
    JWSAlgorithm algorithm = JWSAlgorithm.parse(name.toUpperCase(Locale.ROOT));
    requireAsymmetric(algorithm, "AUTH_ALGORITHMS");
    return algorithm;
  }

  private static void requireAsymmetric(JWSAlgorithm algorithm, String name) {
    boolean asymmetric =
        JWSAlgorithm.Family.EC.contains(algorithm) || JWSAlgorithm.Family.RSA.contains(algorithm);
    if (!asymmetric) {
      throw new IllegalArgumentException(
          name + ": algorithm '" + algorithm + "' is not allowed; use " + ASYMMETRIC_ALGORITHMS);
    }
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
