package dev.fieldops.grpc.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}) to and from JWKs with the JDK
 * alone: nimbus' own PEM parsing needs BouncyCastle, which nothing else here wants.
 */
final class PublicKeyPem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

  private PublicKeyPem() {}

  /**
   * Parses an EC (P-256/384/521) or RSA public key; its key id is its RFC 7638 thumbprint, so a key
   * read from PEM has the same id as the JWK it was exported from.
   */
  static JWK parse(String pem) throws GeneralSecurityException {
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new GeneralSecurityException("no '-----BEGIN PUBLIC KEY-----' block found");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    PublicKey key = decode(der);
    try {
      return switch (key) {
        case ECPublicKey ec ->
            new ECKey.Builder(curveOf(ec), ec)
                .keyUse(KeyUse.SIGNATURE)
                .keyIDFromThumbprint()
                .build();
        case RSAPublicKey rsa ->
            new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint().build();
        default -> throw new GeneralSecurityException("unsupported key type " + key.getAlgorithm());
      };
    } catch (JOSEException | IllegalArgumentException e) {
      throw new GeneralSecurityException("unsupported public key: " + e.getMessage(), e);
    }
  }

  private static Curve curveOf(ECPublicKey key) throws GeneralSecurityException {
    Curve curve = Curve.forECParameterSpec(key.getParams());
    if (curve == null) {
      throw new GeneralSecurityException("unsupported elliptic curve");
    }
    return curve;
  }

  static String format(PublicKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  private static PublicKey decode(byte[] der) throws GeneralSecurityException {
    var spec = new X509EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"EC", "RSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("not an EC or RSA public key", last);
  }
}
