package dev.fieldops.grpc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.fieldops.grpc.auth.AuthConfig;
import dev.fieldops.grpc.auth.DevKeys;
import dev.fieldops.grpc.auth.PrincipalClaims;
import dev.fieldops.grpc.auth.TokenMinter;
import dev.fieldops.grpc.auth.TokenVerifier;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * Keys and tokens for this module's tests (test-support has the public equivalent, but this module
 * cannot depend on it).
 */
final class TestAuth implements AutoCloseable {

  final Path keyDir;
  final DevKeys keys;
  final TokenMinter minter;
  final TokenVerifier verifier;

  private TestAuth(Path keyDir) {
    this.keyDir = keyDir;
    this.keys = DevKeys.loadOrCreate(keyDir);
    this.minter =
        TokenMinter.forDevKeys(keys, AuthConfig.DEFAULT_ISSUER, AuthConfig.DEFAULT_AUDIENCE);
    this.verifier = AuthConfig.forDevKeys(keyDir).createVerifier();
  }

  static TestAuth create() {
    try {
      return new TestAuth(Files.createTempDirectory("fieldops-test-keys"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String staff(Role role, Role... more) {
    return minter.mint(
        new Principal.Staff("agent-1", java.util.EnumSet.of(role, more)), Duration.ofMinutes(5));
  }

  String customer(String customerId) {
    return minter.mint(new Principal.Customer("customer-user", customerId), Duration.ofMinutes(5));
  }

  String device(String deviceId) {
    return minter.mint(new Principal.Device("sensor", deviceId), Duration.ofMinutes(5));
  }

  String service(String context) {
    return minter.mint(new Principal.Service("svc", context), Duration.ofMinutes(5));
  }

  String expired() {
    Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    return minter.withClock(twoHoursAgo).mint(admin(), Duration.ofHours(1));
  }

  String wrongAudience() {
    return minter.withAudience("someone-else").mint(admin(), Duration.ofMinutes(5));
  }

  String wrongIssuer() {
    return minter.withIssuer("https://evil.example").mint(admin(), Duration.ofMinutes(5));
  }

  /** Same key id, same claims, but signed by another key. */
  String badlySigned() {
    try {
      ECKey other = new ECKeyGenerator(Curve.P_256).keyID(keys.keyId()).generate();
      return minter.withSigningKey(other).mint(admin(), Duration.ofMinutes(5));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {"alg":"none"}: an unsigned token with perfect claims. */
  String unsigned() {
    return new PlainJWT(validClaims()).serialize();
  }

  /** HS256 with the server's public key as the HMAC secret: the classic key-confusion attack. */
  String hmacWithPublicKeyAsSecret() {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.keyId()).build(), validClaims());
      jwt.sign(new MACSigner(keys.publicKey().toECPublicKey().getEncoded()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  JWTClaimsSet validClaims() {
    Instant now = Instant.now();
    return PrincipalClaims.write(
            admin(),
            new JWTClaimsSet.Builder()
                .issuer(AuthConfig.DEFAULT_ISSUER)
                .audience(AuthConfig.DEFAULT_AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))))
        .build();
  }

  static Principal.Staff admin() {
    return new Principal.Staff("admin-1", Set.of(Role.ADMIN));
  }

  static <S extends AbstractStub<S>> S withToken(S stub, String token) {
    return stub.withCallCredentials(
        new CallCredentials() {
          @Override
          public void applyRequestMetadata(
              RequestInfo info, Executor executor, MetadataApplier applier) {
            Metadata headers = new Metadata();
            headers.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + token);
            applier.apply(headers);
          }
        });
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> files = Files.walk(keyDir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
