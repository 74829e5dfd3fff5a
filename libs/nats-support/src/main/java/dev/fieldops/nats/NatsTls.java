package dev.fieldops.nats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS towards the NATS server, from PEM files: the CA that signed the server's certificate and,
 * when the server verifies clients, this client's certificate chain and PKCS#8 private key.
 *
 * @param caFile CA certificate(s) the server's certificate must chain to; empty: the JDK's trust
 *     store
 * @param certFile client certificate chain, for servers that verify clients ({@code verify: true})
 * @param keyFile the client certificate's private key ({@code BEGIN PRIVATE KEY}, unencrypted)
 */
public record NatsTls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {

  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  public NatsTls {
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("a client certificate needs its key and the other way");
    }
  }

  /** Trusts the CA in {@code caFile}, without a client certificate. */
  public static NatsTls trusting(Path caFile) {
    return new NatsTls(Optional.of(caFile), Optional.empty(), Optional.empty());
  }

  /** The same, presenting {@code certFile} with {@code keyFile} to a server that verifies them. */
  public NatsTls withClientCertificate(Path certFile, Path keyFile) {
    return new NatsTls(caFile, Optional.of(certFile), Optional.of(keyFile));
  }

  /** An SSL context over the files as they are now. */
  public SSLContext sslContext() throws IOException, GeneralSecurityException {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (caFile.isPresent()) {
      KeyStore trusted = emptyKeyStore();
      int i = 0;
      for (Certificate ca : certificates(caFile.get())) {
        trusted.setCertificateEntry("ca-" + i++, ca);
      }
      trust.init(trusted);
    } else {
      trust.init((KeyStore) null);
    }
    KeyManagerFactory keys = null;
    if (certFile.isPresent()) {
      KeyStore identity = emptyKeyStore();
      List<Certificate> chain = certificates(certFile.get());
      identity.setKeyEntry(
          "client",
          privateKey(keyFile.orElseThrow()),
          new char[0],
          chain.toArray(Certificate[]::new));
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(identity, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore emptyKeyStore() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static List<Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> read =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (read.isEmpty()) {
        throw new GeneralSecurityException("no certificate in " + file);
      }
      return new ArrayList<>(read);
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    Matcher pem = PRIVATE_KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    if (!pem.find()) {
      throw new GeneralSecurityException(
          file
              + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert it with"
              + " openssl pkcs8 -topk8 -nocrypt");
    }
    var spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1)));
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("unsupported private key in " + file, last);
  }
}
