package dev.fieldops.test.grpc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Tokens for every kind of caller, signed by a throwaway development key pair in a temporary folder
 * ({@link #close()} deletes it). {@link #verifier()} accepts exactly these tokens, and {@link
 * GrpcTestServer} uses it by default, so a test needs no other setup:
 *
 * <pre>{@code
 * var stub = TestTokens.withToken(
 *     CustomerSupportServiceGrpc.newBlockingStub(server.channel()),
 *     server.tokens().customer("cust-1"));
 * }</pre>
 *
 * Subjects are derived from the principal ({@code staff-support_agent}, {@code customer-cust-1},
 * {@code device-<id>}, {@code service-<context>}) unless given.
 */
public final class TestTokens implements AutoCloseable {

  /** Lifetime of the valid tokens: long enough for any test. */
  public static final Duration LIFETIME = Duration.ofHours(1);

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Path keyDir;
  private final DevKeys keys;
  private final AuthConfig authConfig;
  private final TokenMinter minter;
  private volatile TokenVerifier verifier;

  private TestTokens(Path keyDir) {
    this.keyDir = keyDir;
    this.keys = DevKeys.loadOrCreate(keyDir);
    this.authConfig = AuthConfig.forDevKeys(keyDir);
    this.minter = TokenMinter.forDevKeys(keys, authConfig.issuer(), authConfig.audience());
  }

  /** A fresh key pair in a new temporary folder. */
  public static TestTokens create() {
    try {
      return new TestTokens(Files.createTempDirectory("fieldops-test-tokens"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary key folder", e);
    }
  }

  /** A verifier that accepts this instance's valid tokens (and nothing else). */
  public TokenVerifier verifier() {
    TokenVerifier current = verifier;
    if (current == null) {
      current = authConfig.createVerifier();
      verifier = current;
    }
    return current;
  }

  /** The configuration a service would need to accept these tokens (development key folder). */
  public AuthConfig authConfig() {
    return authConfig;
  }

  /** The key folder, e.g. for {@code AUTH_DEV_KEY_DIR} of a service started in a test. */
  public Path keyDir() {
    return keyDir;
  }

  /**
   * The minter behind the shortcuts, for unusual tokens ({@code withClock}, {@code withIssuer}).
   */
  public TokenMinter minter() {
    return minter;
  }

  /** A token for any principal, valid for {@link #LIFETIME}. */
  public String forPrincipal(Principal principal) {
    return minter.mint(principal, LIFETIME);
  }

  /** Staff holding the given roles. */
  public String staff(Role role, Role... moreRoles) {
    Set<Role> roles = EnumSet.of(role, moreRoles);
    String subject =
        "staff-" + roles.stream().map(PrincipalClaims::roleName).collect(Collectors.joining("-"));
    return forPrincipal(new Principal.Staff(subject, roles));
  }

  /** Staff with a chosen subject (for "assignee" or "author" assertions). */
  public String staff(String subject, Set<Role> roles) {
    return forPrincipal(new Principal.Staff(subject, roles));
  }

  public String admin() {
    return staff(Role.ADMIN);
  }

  /** A customer bound to {@code customerId}. */
  public String customer(String customerId) {
    return forPrincipal(new Principal.Customer("customer-" + customerId, customerId));
  }

  /** A device bound to {@code deviceId}. */
  public String device(String deviceId) {
    return forPrincipal(new Principal.Device("device-" + deviceId, deviceId));
  }

  /** Another context calling ({@code telemetry}, {@code invoicing}, {@code customer-support}). */
  public String service(String context) {
    return forPrincipal(new Principal.Service("service-" + context, context));
  }

  /** An admin token that expired an hour ago. */
  public String expired() {
    Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    return minter.withClock(twoHoursAgo).mint(adminPrincipal(), Duration.ofHours(1));
  }

  /** An admin token for another audience. */
  public String wrongAudience() {
    return minter.withAudience("not-" + authConfig.audience()).mint(adminPrincipal(), LIFETIME);
  }

  /** An admin token from another issuer. */
  public String wrongIssuer() {
    return minter.withIssuer("not-" + authConfig.issuer()).mint(adminPrincipal(), LIFETIME);
  }

  /** An admin token with this key's id but signed by another key. */
  public String badlySigned() {
    try {
      ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(keys.keyId()).generate();
      return minter.withSigningKey(impostor).mint(adminPrincipal(), LIFETIME);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every token a server must refuse, by name, for parameterized tests. */
  public List<Named> refusedTokens() {
    return List.of(
        new Named("expired", expired()),
        new Named("wrong audience", wrongAudience()),
        new Named("wrong issuer", wrongIssuer()),
        new Named("badly signed", badlySigned()),
        new Named("not a JWT", "not-a-jwt"));
  }

  /** A token with a description. */
  public record Named(String name, String token) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code stub} sending {@code authorization: Bearer <token>} with each call. */
  public static <S extends AbstractStub<S>> S withToken(S stub, String token) {
    return stub.withCallCredentials(bearer(token));
  }

  /** Call credentials sending {@code authorization: Bearer <token>}. */
  public static CallCredentials bearer(String token) {
    Objects.requireNonNull(token, "token");
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
      }
    };
  }

  private static Principal adminPrincipal() {
    return new Principal.Staff("staff-admin", Set.of(Role.ADMIN));
  }

  /** Deletes the key folder; idempotent. */
  @Override
  public void close() {
    if (!Files.exists(keyDir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(keyDir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + keyDir, e);
    }
  }
}
