package dev.fieldops.grpc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.fieldops.grpc.auth.InvalidTokenException.Reason;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JwtTokenVerifierTest {

  @TempDir Path keyDir;
  private TokenMinter minter;
  private TokenVerifier verifier;

  @BeforeEach
  void devKeys() {
    DevKeys keys = DevKeys.loadOrCreate(keyDir);
    minter = TokenMinter.forDevKeys(keys, "fieldops-dev", "fieldops");
    verifier = AuthConfig.forDevKeys(keyDir).createVerifier();
  }

  static Stream<Principal> everyKindOfPrincipal() {
    return Stream.of(
        new Principal.Staff("agent-7", Set.of(Role.SUPPORT_AGENT, Role.BILLING_CLERK)),
        new Principal.Staff("ops", Set.of(Role.TELEMETRY_OPERATOR)),
        new Principal.Customer("alice", "cust_42-A"),
        new Principal.Device("sensor-1", "0190c7a0-0000-7000-8000-000000000001"),
        new Principal.Service("svc-support", "customer-support"));
  }

  @ParameterizedTest
  @MethodSource("everyKindOfPrincipal")
  void a_minted_token_proves_its_principal(Principal principal) throws Exception {
    assertThat(verifier.verify(minter.mint(principal, Duration.ofMinutes(5)))).isEqualTo(principal);
  }

  @Test
  void an_expired_token_is_refused_as_expired() {
    Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
    String token = minter.withClock(anHourAgo).mint(admin(), Duration.ofMinutes(10));

    assertThat(reasonFor(token)).isEqualTo(Reason.TOKEN_EXPIRED);
  }

  @Test
  void a_token_not_yet_valid_is_refused_but_a_small_clock_skew_is_tolerated() throws Exception {
    Clock farAhead = Clock.fixed(Instant.now().plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    Clock slightlyAhead = Clock.fixed(Instant.now().plus(Duration.ofSeconds(10)), ZoneOffset.UTC);

    assertThat(reasonFor(minter.withClock(farAhead).mint(admin(), Duration.ofHours(1))))
        .isEqualTo(Reason.TOKEN_INVALID);
    assertThat(verifier.verify(minter.withClock(slightlyAhead).mint(admin(), Duration.ofHours(1))))
        .isEqualTo(admin());
  }

  @Test
  void a_token_valid_for_ten_years_is_refused_however_well_signed() {
    String token = minter.mint(admin(), Duration.ofDays(3650));

    assertThat(reasonFor(token)).isEqualTo(Reason.TOKEN_LIFETIME_TOO_LONG);
  }

  static Stream<Arguments> everyKindAtItsMaximum() {
    return Stream.of(
        Arguments.of(admin(), Duration.ofHours(24)),
        Arguments.of(new Principal.Customer("alice", "cust-1"), Duration.ofHours(24)),
        Arguments.of(new Principal.Device("sensor-1", "dev-1"), Duration.ofDays(30)),
        Arguments.of(new Principal.Service("svc", "customer-support"), Duration.ofHours(24)));
  }

  @ParameterizedTest
  @MethodSource("everyKindAtItsMaximum")
  void each_kind_of_principal_may_have_a_token_up_to_its_own_maximum(
      Principal principal, Duration maximum) throws Exception {
    assertThat(verifier.verify(minter.mint(principal, maximum))).isEqualTo(principal);
    assertThat(reasonFor(minter.mint(principal, maximum.plusMinutes(1))))
        .isEqualTo(Reason.TOKEN_LIFETIME_TOO_LONG);
  }

  @Test
  void the_maximum_of_each_kind_is_configurable() throws Exception {
    TokenVerifier strict =
        AuthConfig.fromEnvironment(
                Map.of(
                    "AUTH_DEV_KEY_DIR", keyDir.toString(),
                    "AUTH_MAX_TOKEN_LIFETIME_STAFF", "1h",
                    "AUTH_MAX_TOKEN_LIFETIME_DEVICE", "365d"))
            .createVerifier();
    Principal device = new Principal.Device("sensor-1", "dev-1");

    assertThatExceptionOfType(InvalidTokenException.class)
        .isThrownBy(() -> strict.verify(minter.mint(admin(), Duration.ofHours(2))))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_LIFETIME_TOO_LONG))
        .withMessageContaining("AUTH_MAX_TOKEN_LIFETIME_STAFF");
    assertThat(strict.verify(minter.mint(device, Duration.ofDays(200)))).isEqualTo(device);
    assertThatThrownBy(
            () -> AuthConfig.fromEnvironment(Map.of("AUTH_MAX_TOKEN_LIFETIME_CUSTOMER", "400d")))
        .hasMessageStartingWith("AUTH_MAX_TOKEN_LIFETIME_CUSTOMER");
  }

  @Test
  void a_token_issued_in_the_future_cannot_stretch_its_window() throws Exception {
    Instant now = Instant.now();
    String issuedLater =
        signedEs256(
            b ->
                b.issueTime(Date.from(now.plus(Duration.ofDays(3000))))
                    .expirationTime(
                        Date.from(now.plus(Duration.ofDays(3000)).plus(Duration.ofHours(1)))));
    String withoutIssueTime =
        signedEs256(
            b -> b.issueTime(null).expirationTime(Date.from(now.plus(Duration.ofDays(3650)))));

    assertThat(reasonFor(issuedLater)).isEqualTo(Reason.TOKEN_LIFETIME_TOO_LONG);
    assertThat(reasonFor(withoutIssueTime)).isEqualTo(Reason.TOKEN_LIFETIME_TOO_LONG);
  }

  @Test
  void wrong_audience_and_wrong_issuer_are_refused() {
    assertThat(reasonFor(minter.withAudience("billing-app").mint(admin(), Duration.ofMinutes(5))))
        .isEqualTo(Reason.TOKEN_INVALID);
    assertThat(reasonFor(minter.withIssuer("someone-else").mint(admin(), Duration.ofMinutes(5))))
        .isEqualTo(Reason.TOKEN_INVALID);
  }

  static Stream<Arguments> badClaims() {
    return Stream.of(
        Arguments.of("no kind", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.claim("kind", null)),
        Arguments.of(
            "unknown kind", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.claim("kind", "robot")),
        Arguments.of(
            "staff without roles",
            (UnaryOperator<JWTClaimsSet.Builder>) b -> b.claim("roles", List.of())),
        Arguments.of(
            "unknown role",
            (UnaryOperator<JWTClaimsSet.Builder>) b -> b.claim("roles", List.of("superuser"))),
        Arguments.of(
            "roles not an array", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.claim("roles", 7)),
        Arguments.of(
            "customer without customer_id",
            (UnaryOperator<JWTClaimsSet.Builder>) b -> b.claim("kind", "customer")),
        Arguments.of(
            "malformed customer_id",
            (UnaryOperator<JWTClaimsSet.Builder>)
                b -> b.claim("kind", "customer").claim("customer_id", "a b")),
        Arguments.of(
            "device without device_id",
            (UnaryOperator<JWTClaimsSet.Builder>) b -> b.claim("kind", "device")),
        Arguments.of(
            "malformed device_id",
            (UnaryOperator<JWTClaimsSet.Builder>)
                b -> b.claim("kind", "device").claim("device_id", "freezer/3")),
        Arguments.of(
            "service without context",
            (UnaryOperator<JWTClaimsSet.Builder>) b -> b.claim("kind", "service")),
        Arguments.of(
            "malformed context",
            (UnaryOperator<JWTClaimsSet.Builder>)
                b -> b.claim("kind", "service").claim("context", "Support")),
        Arguments.of("no subject", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.subject(null)),
        Arguments.of(
            "no expiry", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.expirationTime(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badClaims")
  void a_correctly_signed_token_with_bad_claims_is_refused(
      String what, UnaryOperator<JWTClaimsSet.Builder> spoil) throws Exception {
    DevKeys keys = DevKeys.loadOrCreate(keyDir);
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        PrincipalClaims.write(
            admin(),
            new JWTClaimsSet.Builder()
                .issuer("fieldops-dev")
                .audience("fieldops")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(keys.keyId())
                .type(JOSEObjectType.JWT)
                .build(),
            spoil.apply(claims).build());
    jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(keys.signingKey()));

    assertThat(reasonFor(jwt.serialize())).isEqualTo(Reason.TOKEN_INVALID);
  }

  @Test
  void an_rs256_token_verifies_against_a_pem_public_key_file() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("prod-1").generate();
    Path pem = keyDir.resolve("issuer.pem");
    Files.writeString(pem, PublicKeyPem.format(rsa.toRSAPublicKey()), StandardCharsets.US_ASCII);
    TokenVerifier fromFile =
        AuthConfig.fromEnvironment(
                Map.of(
                    "AUTH_PUBLIC_KEY_FILE", pem.toString(),
                    "AUTH_ISSUER", "https://id.example",
                    "AUTH_AUDIENCE", "fieldops"))
            .createVerifier();

    String token = signRs256(rsa, "https://id.example");

    assertThat(fromFile.verify(token)).isEqualTo(admin());
    assertThat(
            assertThatExceptionOfType(InvalidTokenException.class)
                .isThrownBy(() -> fromFile.verify(minter.mint(admin(), Duration.ofMinutes(5))))
                .actual())
        .isNotNull();
  }

  @Test
  void keys_come_from_a_jwks_url_in_production() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("jwks-1").generate();
    byte[] jwks = new JWKSet(rsa.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          exchange.getResponseBody().write(jwks);
          exchange.close();
        });
    http.start();
    try {
      TokenVerifier fromJwks =
          AuthConfig.fromEnvironment(
                  Map.of(
                      "AUTH_JWKS_URL",
                      "http://127.0.0.1:" + http.getAddress().getPort() + "/.well-known/jwks.json",
                      "AUTH_ISSUER",
                      "https://id.example"))
              .createVerifier();

      assertThat(fromJwks.verify(signRs256(rsa, "https://id.example"))).isEqualTo(admin());
    } finally {
      http.stop(0);
    }
  }

  @Test
  void an_unreachable_jwks_url_is_not_the_callers_fault() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("jwks-1").generate();
    TokenVerifier fromJwks =
        AuthConfig.fromEnvironment(
                Map.of(
                    "AUTH_JWKS_URL", "http://127.0.0.1:9/jwks.json",
                    "AUTH_ISSUER", "https://id.example"))
            .createVerifier();

    assertThatThrownBy(() -> fromJwks.verify(signRs256(rsa, "https://id.example")))
        .isInstanceOf(KeysUnavailableException.class);
  }

  @Test
  void configuration_refuses_hmac_and_none_and_two_key_sources() {
    assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_ALGORITHMS", "ES256,HS256")))
        .hasMessageStartingWith("AUTH_ALGORITHMS");
    assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_ALGORITHMS", "none")))
        .hasMessageStartingWith("AUTH_ALGORITHMS");
    assertThatThrownBy(
            () ->
                AuthConfig.fromEnvironment(
                    Map.of(
                        "AUTH_JWKS_URL",
                        "https://id.example/jwks",
                        "AUTH_PUBLIC_KEY_FILE",
                        "/tmp/k.pem")))
        .hasMessageContaining("AUTH_JWKS_URL and AUTH_PUBLIC_KEY_FILE");
    assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of("AUTH_JWKS_URL", "ftp://x/y")))
        .hasMessageStartingWith("AUTH_JWKS_URL");
  }

  @Test
  void a_missing_public_key_file_fails_at_start_naming_the_variable() {
    AuthConfig config =
        AuthConfig.fromEnvironment(
            Map.of("AUTH_PUBLIC_KEY_FILE", keyDir.resolve("absent.pem").toString()));

    assertThatThrownBy(config::createVerifier).hasMessageStartingWith("AUTH_PUBLIC_KEY_FILE");
  }

  @Test
  void defaults_with_the_development_key_folder() {
    AuthConfig config =
        AuthConfig.fromEnvironment(Map.of("AUTH_DEV_KEY_DIR", ".fieldops/dev-keys"));

    assertThat(config.issuer()).isEqualTo("fieldops-dev");
    assertThat(config.audience()).isEqualTo("fieldops");
    assertThat(config.keySource())
        .isEqualTo(new AuthConfig.KeySource.DevKeyDir(Path.of(".fieldops", "dev-keys")));
    assertThat(config.algorithms())
        .containsExactlyInAnyOrder(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
  }

  private String signedEs256(UnaryOperator<JWTClaimsSet.Builder> adjust) throws Exception {
    DevKeys keys = DevKeys.loadOrCreate(keyDir);
    JWTClaimsSet.Builder claims =
        PrincipalClaims.write(
            admin(), new JWTClaimsSet.Builder().issuer("fieldops-dev").audience("fieldops"));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(keys.keyId())
                .type(JOSEObjectType.JWT)
                .build(),
            adjust.apply(claims).build());
    jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(keys.signingKey()));
    return jwt.serialize();
  }

  private String signRs256(RSAKey rsa, String issuer) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        PrincipalClaims.write(
                admin(),
                new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .audience("fieldops")
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(300))))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(rsa));
    return jwt.serialize();
  }

  private Reason reasonFor(String token) {
    return assertThatExceptionOfType(InvalidTokenException.class)
        .isThrownBy(() -> verifier.verify(token))
        .actual()
        .reason();
  }

  private static Principal.Staff admin() {
    return new Principal.Staff("admin-1", Set.of(Role.ADMIN));
  }
}
