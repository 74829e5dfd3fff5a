package dev.fieldops.grpc.auth;

import com.nimbusds.jwt.JWTParser;
import dev.fieldops.kernel.Principal;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens that verified, so a client calling many times with one token pays for the
 * signature check once instead of on every call (an ES256 verification costs about half a
 * millisecond of CPU, which on a small machine is taken straight from the database).
 *
 * <p>An entry is the exact token string, so nothing but that token can hit it. It is served until
 * the token's own {@code exp} or for at most {@link #DEFAULT_TTL} after it was verified, whichever
 * is first, so a key rotation or revocation at the issuer takes effect within that time. Refusals
 * are never cached. The cache is bounded: when it is full, expired entries are dropped, and if that
 * is not enough it starts over.
 */
public final class CachingTokenVerifier implements TokenVerifier {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private record Entry(Principal principal, Instant validUntil) {}

  private final TokenVerifier delegate;
  private final Clock clock;
  private final Duration ttl;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Entry> verified = new ConcurrentHashMap<>();

  public CachingTokenVerifier(TokenVerifier delegate, Clock clock, Duration ttl, int maxEntries) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.maxEntries = maxEntries;
  }

  public CachingTokenVerifier(TokenVerifier delegate) {
    this(delegate, Clock.systemUTC(), DEFAULT_TTL, DEFAULT_MAX_ENTRIES);
  }

  @Override
  public Principal verify(String token) throws InvalidTokenException {
    Instant now = clock.instant();
    if (token != null) {
      Entry cached = verified.get(token);
      if (cached != null) {
        if (now.isBefore(cached.validUntil())) {
          return cached.principal();
        }
        verified.remove(token, cached);
      }
    }
    Principal principal = delegate.verify(token);
    Instant validUntil = now.plus(ttl);
    Instant expiry = expiryOf(token);
    if (expiry != null && expiry.isBefore(validUntil)) {
      validUntil = expiry;
    }
    if (now.isBefore(validUntil)) {
      makeRoom(now);
      verified.put(token, new Entry(principal, validUntil));
    }
    return principal;
  }

  private void makeRoom(Instant now) {
    if (verified.size() < maxEntries) {
      return;
    }
    verified.values().removeIf(entry -> !now.isBefore(entry.validUntil()));
    if (verified.size() >= maxEntries) {
      verified.clear();
    }
  }

  /** The token's exp claim (already verified by the delegate), or null if it cannot be read. */
  private static Instant expiryOf(String token) {
    try {
      Date exp = JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
      return exp == null ? null : exp.toInstant();
    } catch (ParseException e) {
      return null;
    }
  }

  int size() {
    return verified.size();
  }
}
