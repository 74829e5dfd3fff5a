package dev.fieldops.cli;

import dev.fieldops.certificates.CertificateAuthority;
import dev.fieldops.certificates.CertificateSpec;
import dev.fieldops.certificates.IssuedCertificate;
import dev.fieldops.grpc.auth.ClientCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./fieldops up}'s local TLS: a development CA in {@code DIR} ({@code ca.pem}) and, signed
 * by it, a server certificate per service ({@code customer-support.pem}, {@code telemetry.pem},
 * {@code invoicing.pem}, each with its {@code -key.pem}) for {@code localhost}, {@code 127.0.0.1}
 * and {@code ::1} plus any further host names or addresses given, and support's client certificate
 * for its calls to telemetry ({@code support-client.pem}, URI SAN {@code
 * spiffe://fieldops/support}), and the certificate HAProxy offers in front of every service's
 * replicas ({@code ./fieldops up --cluster}): {@code haproxy.pem} holds it and its key, as HAProxy
 * reads them, for the same hosts and every service's name. Created once and reused; a certificate
 * is renewed when it expires within 30 days (delete the directory to start over, e.g. after
 * changing the hosts).
 *
 * <p>Usage: {@code DevCertificates DIR [HOST...]}; prints the CA file's path.
 */
public final class DevCertificates {

  /** The services that get a server certificate, by the names {@code ./fieldops up} uses. */
  static final List<String> SERVICES = List.of("customer-support", "telemetry", "invoicing");

  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** HAProxy's certificate followed by its key, in one file (its {@code crt} option). */
  static final String HAPROXY_PEM = "haproxy.pem";

  private DevCertificates() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: DevCertificates DIR [HOST...]");
      System.exit(2);
    }
    Path ca = create(Path.of(args[0]), List.of(args).subList(1, args.length));
    System.out.println(ca);
  }

  /** Creates (or reuses) the files described on the class; returns the CA certificate's path. */
  static Path create(Path directory, List<String> extraHosts) {
    CertificateAuthority ca =
        CertificateAuthority.openOrCreate(directory, "FieldOps local development CA");
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
    for (String host : extraHosts) {
      if (host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:]*")) {
        ips.add(host);
      } else if (!host.isBlank()) {
        dns.add(host);
      }
    }
    for (String service : SERVICES) {
      List<String> names = new ArrayList<>(List.of("localhost", service));
      names.addAll(dns);
      ca.issueIfMissing(
          service,
          new CertificateSpec(
              service, names, ips, List.of(), true, false, CertificateSpec.DEFAULT_VALIDITY),
          RENEW_BEFORE);
    }
    List<String> proxyNames = new ArrayList<>(List.of("localhost"));
    proxyNames.addAll(SERVICES);
    proxyNames.addAll(dns);
    IssuedCertificate proxy =
        ca.issueIfMissing(
            "haproxy-server",
            new CertificateSpec(
                "haproxy",
                proxyNames,
                ips,
                List.of(),
                true,
                false,
                CertificateSpec.DEFAULT_VALIDITY),
            RENEW_BEFORE);
    writeCertificateAndKey(proxy, directory.resolve(HAPROXY_PEM));
    ca.issueIfMissing(
        "support-client",
        CertificateSpec.client("support", ClientCertificates.SERVICE_URI_PREFIX + "support"),
        RENEW_BEFORE);
    return ca.caFile();
  }

  /** Writes the certificate and then its key into {@code target}, readable by its owner only. */
  private static void writeCertificateAndKey(IssuedCertificate issued, Path target) {
    try {
      String both =
          Files.readString(issued.certificateFile()) + Files.readString(issued.privateKeyFile());
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      Files.deleteIfExists(partial);
      Files.createFile(
          partial,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(partial, both);
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
