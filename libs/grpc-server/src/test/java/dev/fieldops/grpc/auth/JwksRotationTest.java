package dev.fieldops.grpc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.fieldops.kernel.Principal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation against a real JWKS endpoint (a local HTTP server): the identity provider publishes
 * key A, then A and B, then only B, while tokens signed by each keep arriving.
 */
class JwksRotationTest {

  private static final Principal CUSTOMER = new Principal.Customer("customer-acme", "acme-1");

  private final AtomicReference<List<JWK>> published = new AtomicReference<>(List.of());
  private final AtomicInteger fetches = new AtomicInteger();
  private HttpServer server;
  private ECKey keyA;
  private ECKey keyB;
  private ECKey keyC;

  @BeforeEach
  void startJwksEndpoint() throws IOException, JOSEException {
    keyA = new ECKeyGenerator(Curve.P_256).keyID("key-a").generate();
    keyB = new ECKeyGenerator(Curve.P_256).keyID("key-b").generate();
    keyC = new ECKeyGenerator(Curve.P_256).keyID("key-c").generate();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/jwks.json",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = new JWKSet(published.get()).toString(true).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void publish(ECKey... keys) {
    published.set(List.of(keys).stream().map(k -> (JWK) k.toPublicJWK()).toList());
  }

  private TokenVerifier verifier(Duration refresh) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    return AuthConfig.fromEnvironment(Map.of("AUTH_JWKS_URL", url))
        .withJwksRefresh(refresh, Duration.ZERO)
        .createVerifier();
  }

  /** A new token (new jti, so never a cache hit) signed by {@code key}. */
  private static String signedBy(ECKey key) {
    return new TokenMinter(
            key, AuthConfig.DEFAULT_ISSUER, AuthConfig.DEFAULT_AUDIENCE, Clock.systemUTC())
        .mint(CUSTOMER, Duration.ofMinutes(10));
  }

  private static void assertRefused(TokenVerifier verifier, String token) {
    assertThatExceptionOfType(InvalidTokenException.class)
        .isThrownBy(() -> verifier.verify(token))
        .satisfies(
            e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.TOKEN_INVALID));
  }

  @Test
  void tokens_of_old_and_new_key_verify_during_a_rotation_and_the_old_key_stops_after_it()
      throws Exception {
    // A key set cached for an hour: every fetch below is caused by a key id not seen before.
    TokenVerifier verifier = verifier(Duration.ofHours(1));
    publish(keyA);
    assertThat(verifier.verify(signedBy(keyA))).isEqualTo(CUSTOMER);
    assertThat(fetches).hasValue(1);

    // The provider starts the rotation: it publishes B beside A, and signs with B.
    publish(keyA, keyB);
    assertThat(verifier.verify(signedBy(keyA))).isEqualTo(CUSTOMER);
    assertThat(fetches).as("A is cached: no fetch").hasValue(1);
    assertThat(verifier.verify(signedBy(keyB))).isEqualTo(CUSTOMER);
    assertThat(fetches).as("an unseen kid fetches the set at once").hasValue(2);
    // The overlap: both keys verify, without further fetches.
    assertThat(verifier.verify(signedBy(keyA))).isEqualTo(CUSTOMER);
    assertThat(verifier.verify(signedBy(keyB))).isEqualTo(CUSTOMER);
    assertThat(fetches).hasValue(2);

    // The provider retires A. Once the set is fetched again (here: caused by a token naming a
    // kid the provider never published), A's tokens are refused and B's still verify.
    publish(keyB);
    assertRefused(verifier, signedBy(keyC));
    assertThat(fetches).hasValue(3);
    assertRefused(verifier, signedBy(keyA));
    assertThat(verifier.verify(signedBy(keyB))).isEqualTo(CUSTOMER);
  }

  @Test
  void the_key_set_is_refreshed_in_the_background_before_it_expires() throws Exception {
    TokenVerifier verifier = verifier(Duration.ofSeconds(1));
    publish(keyA);
    assertThat(verifier.verify(signedBy(keyA))).isEqualTo(CUSTOMER);
    int afterFirstCall = fetches.get();

    publish(keyB);
    // No call verifies anything meanwhile: the fetches are the scheduled refresh-ahead.
    await().atMost(Duration.ofSeconds(15)).until(() -> fetches.get() >= afterFirstCall + 2);

    assertThat(verifier.verify(signedBy(keyB))).isEqualTo(CUSTOMER);
    assertRefused(verifier, signedBy(keyA));
  }
}
