package dev.fieldops.grpc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.fieldops.kernel.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingTokenVerifierTest {

  private final MutableClock clock = new MutableClock(Instant.now());
  private final AtomicInteger checks = new AtomicInteger();
  private final Principal customer = new Principal.Customer("customer-acme-1", "acme-1");

  /** Counts real verifications; refuses once the (test) clock is past {@code refuseAfter}. */
  private TokenVerifier countingVerifier(Instant refuseAfter) {
    return token -> {
      checks.incrementAndGet();
      if (clock.instant().isAfter(refuseAfter)) {
        throw new InvalidTokenException(InvalidTokenException.Reason.TOKEN_EXPIRED, "expired");
      }
      return customer;
    };
  }

  private String tokenExpiringIn(Duration lifetime) throws Exception {
    var keys = DevKeys.loadOrCreate(Files.createTempDirectory("caching-verifier"));
    return TokenMinter.forDevKeys(keys, "fieldops-dev", "fieldops")
        .withClock(Clock.fixed(clock.instant(), ZoneOffset.UTC))
        .mint(customer, lifetime);
  }

  @Test
  void a_token_is_checked_once_while_it_is_cached() throws Exception {
    String token = tokenExpiringIn(Duration.ofHours(1));
    var verifier =
        new CachingTokenVerifier(countingVerifier(Instant.MAX), clock, Duration.ofMinutes(5), 100);

    assertThat(verifier.verify(token)).isEqualTo(customer);
    assertThat(verifier.verify(token)).isEqualTo(customer);
    assertThat(checks).hasValue(1);
  }

  @Test
  void a_cached_token_is_checked_again_after_the_ttl() throws Exception {
    String token = tokenExpiringIn(Duration.ofHours(1));
    var verifier =
        new CachingTokenVerifier(countingVerifier(Instant.MAX), clock, Duration.ofMinutes(5), 100);
    verifier.verify(token);

    clock.advance(Duration.ofMinutes(6));
    verifier.verify(token);

    assertThat(checks).hasValue(2);
  }

  @Test
  void a_cached_token_is_never_served_past_its_own_expiry() throws Exception {
    String token = tokenExpiringIn(Duration.ofMinutes(1));
    Instant expiry = clock.instant().plus(Duration.ofMinutes(1));
    var verifier =
        new CachingTokenVerifier(countingVerifier(expiry), clock, Duration.ofMinutes(5), 100);
    verifier.verify(token);

    clock.advance(Duration.ofMinutes(2));

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    assertThat(checks).hasValue(2);
  }

  @Test
  void refusals_are_not_cached_and_the_cache_stays_bounded() throws Exception {
    var refusing =
        new CachingTokenVerifier(countingVerifier(Instant.MIN), clock, Duration.ofMinutes(5), 100);
    String token = tokenExpiringIn(Duration.ofHours(1));
    assertThatThrownBy(() -> refusing.verify(token)).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> refusing.verify(token)).isInstanceOf(InvalidTokenException.class);
    assertThat(checks).hasValue(2);

    var bounded =
        new CachingTokenVerifier(countingVerifier(Instant.MAX), clock, Duration.ofMinutes(5), 3);
    for (int i = 0; i < 10; i++) {
      bounded.verify(tokenExpiringIn(Duration.ofHours(1).plusSeconds(i)));
    }
    assertThat(bounded.size()).isLessThanOrEqualTo(3);
  }

  @Test
  void a_full_cache_evicts_single_entries_instead_of_starting_over() throws Exception {
    var verifier =
        new CachingTokenVerifier(countingVerifier(Instant.MAX), clock, Duration.ofMinutes(5), 50);
    for (int i = 0; i < 200; i++) {
      verifier.verify(tokenExpiringIn(Duration.ofHours(1).plusSeconds(i)));
    }

    assertThat(verifier.size()).isEqualTo(50);
  }

  @Test
  void a_revoked_token_is_refused_even_when_it_was_cached() throws Exception {
    Path denyList = Files.createTempFile("revoked", ".txt");
    Files.writeString(denyList, "# revoked token ids\n");
    var revoked = RevokedTokens.fromFile(denyList, Duration.ZERO, clock);
    var verifier =
        new CachingTokenVerifier(
            countingVerifier(Instant.MAX), clock, Duration.ofMinutes(5), 100, revoked);
    String stolen = tokenExpiringIn(Duration.ofHours(1));
    String other = tokenExpiringIn(Duration.ofHours(1));
    verifier.verify(stolen);
    verifier.verify(other);

    Files.writeString(
        denyList,
        "# revoked token ids\n" + SignedJWT.parse(stolen).getJWTClaimsSet().getJWTID() + "\n");

    assertThatThrownBy(() -> verifier.verify(stolen))
        .isInstanceOf(InvalidTokenException.class)
        .satisfies(
            e ->
                assertThat(((InvalidTokenException) e).reason())
                    .isEqualTo(InvalidTokenException.Reason.TOKEN_REVOKED));
    assertThat(verifier.verify(other)).isEqualTo(customer);
    assertThat(revoked.size()).isEqualTo(1);
  }

  @Test
  void the_deny_list_is_reread_when_the_file_changes() throws Exception {
    Path denyList = Files.createTempFile("revoked", ".txt");
    Files.writeString(denyList, "");
    String token = tokenExpiringIn(Duration.ofHours(1));
    String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    Path keyDir = Files.createTempDirectory("revocation-keys");
    DevKeys keys = DevKeys.loadOrCreate(keyDir);
    String real =
        TokenMinter.forDevKeys(keys, "fieldops-dev", "fieldops")
            .mint(customer, Duration.ofHours(1));
    String realJti = SignedJWT.parse(real).getJWTClaimsSet().getJWTID();
    TokenVerifier verifier =
        AuthConfig.forDevKeys(keyDir).withRevokedTokensFile(denyList).createVerifier();
    assertThat(verifier.verify(real)).isEqualTo(customer);

    Files.writeString(denyList, jti + "\n" + realJti + "\n");

    // checked again at most every RevokedTokens.DEFAULT_CHECK_INTERVAL
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> verifier.verify(real))
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining(realJti));
  }

  @Test
  void an_unreadable_deny_list_fails_the_start() {
    Path missing = Path.of("/nonexistent/revoked-tokens.txt");
    assertThatThrownBy(() -> RevokedTokens.fromFile(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AUTH_REVOKED_TOKENS_FILE");
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
