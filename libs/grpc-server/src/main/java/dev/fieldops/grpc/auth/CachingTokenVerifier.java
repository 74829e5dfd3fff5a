package dev.fieldops.grpc.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.fieldops.grpc.auth.InvalidTokenException.Reason;
import dev.fieldops.kernel.Principal;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Remembers tokens that verified, so a client calling many times with one token pays for the
 * signature check once instead of on every call (an ES256 verification costs about half a
 * millisecond of CPU, which on a small machine is taken straight from the database).
 *
 * <p>An entry is the exact token string, so nothing but that token can hit it. Each entry expires
 * on its own: at the token's {@code exp}, or {@link #DEFAULT_TTL} after it was verified, whichever
 * is first (a Caffeine cache with a variable expiry), so an expired token is never served and a key
 * rotation at the issuer takes effect within the TTL. The cache holds at most {@code maxEntries};
 * beyond that the least useful entries are evicted one by one (Caffeine's size-based policy), never
 * the whole cache at once. Refusals are never cached.
 *
 * <p>Revocation: every call, cached or not, is checked against the {@link RevokedTokens} deny list
 * by the token's {@code jti} (refused with {@code TOKEN_REVOKED}), so a token revoked after it was
 * cached is refused at its next call without the cache having to forget anything.
 */
public final class CachingTokenVerifier implements TokenVerifier {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private record Entry(Principal principal, String jti, long lifetimeNanos) {}

  private final TokenVerifier delegate;
  private final Clock clock;
  private final Duration ttl;
  private final RevokedTokens revoked;
  private final Cache<String, Entry> verified;

  /**
   * @param executor runs Caffeine's maintenance (tests pass {@code Runnable::run} to make eviction
   *     immediate)
   */
  CachingTokenVerifier(
      TokenVerifier delegate,
      Clock clock,
      Duration ttl,
      int maxEntries,
      RevokedTokens revoked,
      Executor executor) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.revoked = Objects.requireNonNull(revoked, "revoked");
    // The system clock's own ticker is monotonic; a test's clock drives expiry by its instant.
    Ticker ticker =
        clock.equals(Clock.systemUTC()) ? Ticker.systemTicker() : () -> nanosOf(clock.instant());
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .ticker(ticker)
            .executor(executor)
            .expireAfter(
                new Expiry<String, Entry>() {
                  @Override
                  public long expireAfterCreate(String token, Entry entry, long now) {
                    return entry.lifetimeNanos();
                  }

                  @Override
                  public long expireAfterUpdate(
                      String token, Entry entry, long now, long currentDuration) {
                    return entry.lifetimeNanos();
                  }

                  @Override
                  public long expireAfterRead(
                      String token, Entry entry, long now, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
  }

  public CachingTokenVerifier(
      TokenVerifier delegate, Clock clock, Duration ttl, int maxEntries, RevokedTokens revoked) {
    this(delegate, clock, ttl, maxEntries, revoked, Runnable::run);
  }

  public CachingTokenVerifier(TokenVerifier delegate, Clock clock, Duration ttl, int maxEntries) {
    this(delegate, clock, ttl, maxEntries, RevokedTokens.NONE);
  }

  public CachingTokenVerifier(TokenVerifier delegate) {
    this(delegate, Clock.systemUTC(), DEFAULT_TTL, DEFAULT_MAX_ENTRIES);
  }

  @Override
  public Principal verify(String token) throws InvalidTokenException {
    revoked.refresh();
    if (token != null) {
      Entry cached = verified.getIfPresent(token);
      if (cached != null) {
        return notRevoked(cached);
      }
    }
    Principal principal = delegate.verify(token);
    Instant now = clock.instant();
    JWTClaimsSet claims = claimsOf(token);
    String jti = claims == null ? null : claims.getJWTID();
    Entry entry = new Entry(principal, jti, 0);
    notRevoked(entry);
    Duration lifetime = ttl;
    Date exp = claims == null ? null : claims.getExpirationTime();
    if (exp != null) {
      Duration left = Duration.between(now, exp.toInstant());
      if (left.compareTo(lifetime) < 0) {
        lifetime = left;
      }
    }
    if (lifetime.isPositive()) {
      verified.put(token, new Entry(principal, jti, lifetime.toNanos()));
    }
    return principal;
  }

  private Principal notRevoked(Entry entry) throws InvalidTokenException {
    if (revoked.isRevoked(entry.jti())) {
      throw new InvalidTokenException(Reason.TOKEN_REVOKED, "token " + entry.jti() + " is revoked");
    }
    return entry.principal();
  }

  /** The token's claims (already verified by the delegate), or null if they cannot be read. */
  private static JWTClaimsSet claimsOf(String token) {
    try {
      return JWTParser.parse(token).getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }

  private static long nanosOf(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** How many verified tokens the cache holds now (after pending evictions). */
  long size() {
    verified.cleanUp();
    return verified.estimatedSize();
  }
}
