package dev.fieldops.grpc.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.fieldops.grpc.auth.InvalidTokenException.Reason;
import dev.fieldops.kernel.Principal;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Verifies signed JWTs with nimbus-jose-jwt: only allow-listed asymmetric algorithms (so neither
 * {@code none} nor an HMAC token signed with a public key as "secret" can pass), a required {@code
 * exp}, {@code nbf} honoured with a small clock skew, exact {@code iss}, an {@code aud} containing
 * ours, and a validity no longer than its kind of principal may have ({@link TokenLifetimes}).
 */
final class JwtTokenVerifier implements TokenVerifier {

  /** Far above any real token; refuses to parse megabytes of garbage per call. */
  private static final int MAX_TOKEN_CHARS = 8 * 1024;

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final Duration clockSkew;
  private final TokenLifetimes maxLifetimes;
  private final Clock clock;

  JwtTokenVerifier(
      JWKSource<SecurityContext> keys,
      Set<JWSAlgorithm> algorithms,
      String issuer,
      String audience,
      Duration clockSkew,
      TokenLifetimes maxLifetimes) {
    this(keys, algorithms, issuer, audience, clockSkew, maxLifetimes, Clock.systemUTC());
  }

  JwtTokenVerifier(
      JWKSource<SecurityContext> keys,
      Set<JWSAlgorithm> algorithms,
      String issuer,
      String audience,
      Duration clockSkew,
      TokenLifetimes maxLifetimes,
      Clock clock) {
    this.clockSkew = clockSkew;
    this.maxLifetimes = maxLifetimes;
    this.clock = clock;
    var processor = new DefaultJWTProcessor<SecurityContext>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.copyOf(algorithms), keys));
    // "typ" absent, JWT, or at+jwt (RFC 9068 access tokens, as some identity providers issue).
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    var claimsVerifier =
        new DefaultJWTClaimsVerifier<SecurityContext>(
            Set.of(audience),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME, PrincipalClaims.KIND),
            Set.of());
    claimsVerifier.setMaxClockSkew(Math.toIntExact(clockSkew.toSeconds()));
    processor.setJWTClaimsSetVerifier(claimsVerifier);
    this.processor = processor;
  }

  /**
   * {@inheritDoc}
   *
   * @throws KeysUnavailableException when the key source (a JWKS endpoint) cannot be reached
   */
  @Override
  public Principal verify(String token) throws InvalidTokenException {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException(Reason.CREDENTIALS_MISSING, "empty bearer token");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new InvalidTokenException(Reason.TOKEN_INVALID, "bearer token too long");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (KeySourceException e) {
      throw new KeysUnavailableException("verification keys unavailable: " + e.getMessage(), e);
    } catch (ExpiredJWTException e) {
      throw new InvalidTokenException(Reason.TOKEN_EXPIRED, e.getMessage(), e);
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      throw new InvalidTokenException(Reason.TOKEN_INVALID, "token rejected: " + e.getMessage(), e);
    }
    Principal principal = PrincipalClaims.read(claims);
    requireLifetimeWithinMax(claims, principal);
    return principal;
  }

  /** See {@link TokenLifetimes}: from iat (or nbf) to exp, and from now to exp. */
  private void requireLifetimeWithinMax(JWTClaimsSet claims, Principal principal)
      throws InvalidTokenException {
    Duration max = maxLifetimes.maxFor(principal).plus(clockSkew);
    Instant expiry = claims.getExpirationTime().toInstant();
    Date issued = claims.getIssueTime() != null ? claims.getIssueTime() : claims.getNotBeforeTime();
    Instant now = clock.instant();
    Duration lifetime = Duration.between(issued == null ? now : issued.toInstant(), expiry);
    Duration left = Duration.between(now, expiry);
    if (lifetime.compareTo(max) > 0 || left.compareTo(max) > 0) {
      String kind = TokenLifetimes.kindOf(principal);
      throw new InvalidTokenException(
          Reason.TOKEN_LIFETIME_TOO_LONG,
          "a "
              + kind
              + " token valid for "
              + lifetime
              + " ("
              + left
              + " left) exceeds "
              + TokenLifetimes.variable(kind)
              + " = "
              + maxLifetimes.maxFor(principal));
    }
  }
}
