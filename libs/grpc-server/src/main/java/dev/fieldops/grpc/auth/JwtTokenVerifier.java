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
import java.time.Duration;
import java.util.Set;

/**
 * Verifies signed JWTs with nimbus-jose-jwt: only allow-listed asymmetric algorithms (so neither
 * {@code none} nor an HMAC token signed with a public key as "secret" can pass), a required
 * {@code exp}, {@code nbf} honoured with a small clock skew, exact {@code iss} and an {@code aud}
 * containing ours.
 */
final class JwtTokenVerifier implements TokenVerifier {

  /** Far above any real token; refuses to parse megabytes of garbage per call. */
  private static final int MAX_TOKEN_CHARS = 8 * 1024;

  private final DefaultJWTProcessor<SecurityContext> processor;

  JwtTokenVerifier(
      JWKSource<SecurityContext> keys,
      Set<JWSAlgorithm> algorithms,
      String issuer,
      String audience,
      Duration clockSkew) {
    var processor = new DefaultJWTProcessor<SecurityContext>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.copyOf(algorithms), keys));
    // "typ" absent, JWT, or at+jwt (RFC 9068 access tokens, as some identity providers issue).
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
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
    return PrincipalClaims.read(claims);
  }
}
