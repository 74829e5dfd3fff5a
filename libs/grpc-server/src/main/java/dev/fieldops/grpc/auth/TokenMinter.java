package dev.fieldops.grpc.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.fieldops.kernel.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs ES256 tokens for any principal: the development tokens printed by {@code ./fieldops token}
 * and the tokens tests present. Immutable; the {@code with*} methods return adjusted copies (a
 * minter on a past clock makes expired tokens, one with another audience makes misdirected ones).
 */
public final class TokenMinter {

  private final ECKey signingKey;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  public TokenMinter(ECKey signingKey, String issuer, String audience, Clock clock) {
    this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
    if (!signingKey.isPrivate()) {
      throw new IllegalArgumentException("minting needs a private key");
    }
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A minter signing with the development key, for the given issuer and audience. */
  public static TokenMinter forDevKeys(DevKeys keys, String issuer, String audience) {
    return new TokenMinter(keys.signingKey(), issuer, audience, Clock.systemUTC());
  }

  public TokenMinter withIssuer(String otherIssuer) {
    return new TokenMinter(signingKey, otherIssuer, audience, clock);
  }

  public TokenMinter withAudience(String otherAudience) {
    return new TokenMinter(signingKey, issuer, otherAudience, clock);
  }

  public TokenMinter withClock(Clock otherClock) {
    return new TokenMinter(signingKey, issuer, audience, otherClock);
  }

  public TokenMinter withSigningKey(ECKey otherKey) {
    return new TokenMinter(otherKey, issuer, audience, clock);
  }

  /** A compact JWS valid from now for {@code lifetime}. */
  public String mint(Principal principal, Duration lifetime) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("a token lifetime must be positive: " + lifetime);
    }
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString());
    PrincipalClaims.write(principal, claims);
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(signingKey.getKeyID())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(new ECDSASigner(signingKey));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
