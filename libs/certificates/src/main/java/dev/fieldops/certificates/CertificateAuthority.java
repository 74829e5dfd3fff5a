package dev.fieldops.certificates;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority kept as two PEM files in a directory ({@code ca.pem}, {@code
 * ca-key.pem}), signing leaf certificates written beside them ({@code NAME.pem}, {@code
 * NAME-key.pem}). Keys are ECDSA P-256, private keys PKCS#8 PEM readable by the owner only, every
 * file replaced atomically (a server reloading its certificate never reads half a file; the key is
 * written before the certificate).
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.openOrCreate(dir, "FieldOps development CA");
 * IssuedCertificate server = ca.issue("telemetry", CertificateSpec.server("telemetry"));
 * IssuedCertificate client = ca.issue("customer-support-client",
 *     CertificateSpec.client("customer-support", "spiffe://fieldops/customer-support"));
 * }</pre>
 *
 * <p>For development and tests only: the CA key lies beside the certificates it signs.
 */
public final class CertificateAuthority {

  /** The CA certificate's file name in the directory. */
  public static final String CA_FILE = "ca.pem";

  /** The CA key's file name in the directory. */
  public static final String CA_KEY_FILE = "ca-key.pem";

  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(Path directory, X509Certificate certificate, PrivateKey key) {
    this.directory = directory;
    this.certificate = certificate;
    this.key = key;
  }

  /**
   * The CA in {@code directory}: the one already there (its files are reused), or a new one named
   * {@code commonName}, valid for ten years, when there is none.
   *
   * @throws UncheckedIOException when the files cannot be read or written
   * @throws IllegalStateException when the files there are not a CA certificate and its key
   */
  public static CertificateAuthority openOrCreate(Path directory, String commonName) {
    Objects.requireNonNull(commonName, "commonName");
    try {
      Files.createDirectories(directory);
      Path certFile = directory.resolve(CA_FILE);
      Path keyFile = directory.resolve(CA_KEY_FILE);
      if (Files.exists(certFile) && Files.exists(keyFile)) {
        return new CertificateAuthority(
            directory, readCertificate(certFile), readPrivateKey(keyFile));
      }
      KeyPair pair = newKeyPair();
      X500Principal name = new X500Principal("CN=" + commonName);
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              serial(),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(CA_VALIDITY)),
              name,
              pair.getPublic());
      var extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate caCertificate = sign(builder, pair.getPrivate());
      writePrivateKey(keyFile, pair.getPrivate());
      writeCertificate(certFile, caCertificate);
      return new CertificateAuthority(directory, caCertificate, pair.getPrivate());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the CA in " + directory, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "the CA files in " + directory + " are not a certificate and its PKCS#8 key", e);
    }
  }

  /** The directory holding the CA and the certificates it issued. */
  public Path directory() {
    return directory;
  }

  /** The CA certificate's PEM file (what a peer trusts). */
  public Path caFile() {
    return directory.resolve(CA_FILE);
  }

  /** The CA certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Signs a new certificate as {@code spec} says, with a new key, written as {@code NAME.pem} and
   * {@code NAME-key.pem} in the directory (replacing the files of an earlier one of that name).
   */
  public IssuedCertificate issue(String name, CertificateSpec spec) {
    return issueInto(directory, name, spec);
  }

  /**
   * As {@link #issue}, but keeps the files of an earlier certificate of that name when it was
   * signed by this CA and is still valid for at least {@code minimumRemaining}: what a local run
   * does on every start.
   */
  public IssuedCertificate issueIfMissing(
      String name, CertificateSpec spec, Duration minimumRemaining) {
    Path certFile = directory.resolve(name + ".pem");
    Path keyFile = directory.resolve(name + "-key.pem");
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      try {
        X509Certificate existing = readCertificate(certFile);
        existing.verify(certificate.getPublicKey());
        existing.checkValidity(Date.from(Instant.now().plus(minimumRemaining)));
        readPrivateKey(keyFile);
        return new IssuedCertificate(certFile, keyFile, caFile());
      } catch (IOException | GeneralSecurityException outdatedOrForeign) {
        // Not one of ours any more, or about to expire: issue a new one below.
      }
    }
    return issue(name, spec);
  }

  /**
   * Signs a new certificate as {@code spec} says into {@code target} ({@code NAME.pem}, {@code
   * NAME-key.pem}); the CA stays where it is.
   */
  public IssuedCertificate issueInto(Path target, String name, CertificateSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("not a file name: " + name);
    }
    try {
      Files.createDirectories(target);
      KeyPair pair = newKeyPair();
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(spec.validity())),
              new X500Principal("CN=" + spec.commonName()),
              pair.getPublic());
      var extensions = new JcaX509ExtensionUtils();
      List<KeyPurposeId> purposes = new ArrayList<>();
      if (spec.serverAuth()) {
        purposes.add(KeyPurposeId.id_kp_serverAuth);
      }
      if (spec.clientAuth()) {
        purposes.add(KeyPurposeId.id_kp_clientAuth);
      }
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              extensions.createAuthorityKeyIdentifier(certificate))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(pair.getPublic()));
      List<GeneralName> names = new ArrayList<>();
      spec.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
      for (String ip : spec.ipAddresses()) {
        requireLiteralAddress(ip);
        names.add(new GeneralName(GeneralName.iPAddress, ip));
      }
      spec.uris()
          .forEach(uri -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
      if (!names.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      X509Certificate leaf = sign(builder, key);
      Path certFile = target.resolve(name + ".pem");
      Path keyFile = target.resolve(name + "-key.pem");
      writePrivateKey(keyFile, pair.getPrivate());
      writeCertificate(certFile, leaf);
      return new IssuedCertificate(certFile, keyFile, caFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the certificate " + name + " to " + target, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the certificate " + name, e);
    }
  }

  private static void requireLiteralAddress(String ip) {
    if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new IllegalArgumentException("not an IP address literal: " + ip);
    }
    try {
      InetAddress.getByName(ip);
    } catch (IOException e) {
      throw new IllegalArgumentException("not an IP address literal: " + ip, e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
    }
  }

  static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
    byte[] der = pemBody(Files.readString(file, StandardCharsets.US_ASCII), "CERTIFICATE");
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    byte[] der = pemBody(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  private static byte[] pemBody(String pem, String type) throws GeneralSecurityException {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new GeneralSecurityException("no " + type + " PEM block");
    }
    return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
  }

  private static void writeCertificate(Path file, X509Certificate cert)
      throws IOException, GeneralSecurityException {
    writeAtomically(file, pem("CERTIFICATE", cert.getEncoded()), false);
  }

  private static void writePrivateKey(Path file, PrivateKey privateKey) throws IOException {
    writeAtomically(file, pem("PRIVATE KEY", privateKey.getEncoded()), true);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void writeAtomically(Path file, String content, boolean secret)
      throws IOException {
    Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".tmp-", ".pem");
    try {
      if (secret) {
        restrictToOwner(temporary);
      }
      Files.writeString(temporary, content, StandardCharsets.US_ASCII);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // A file system without POSIX permissions: nothing finer to set.
    }
  }
}
