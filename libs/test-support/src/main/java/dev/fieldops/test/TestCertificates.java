package dev.fieldops.test;

import dev.fieldops.certificates.CertificateAuthority;
import dev.fieldops.certificates.CertificateSpec;
import dev.fieldops.certificates.IssuedCertificate;
import java.nio.file.Path;

/**
 * A certificate authority of one test (usually under a JUnit {@code @TempDir}) and the PEM files it
 * signs: server certificates for {@code localhost}/{@code 127.0.0.1}, client certificates with a
 * chosen identity. Another instance in another directory is a CA the first one's peers do not
 * trust.
 *
 * <pre>{@code
 * TestCertificates certificates = TestCertificates.createIn(tempDir);
 * IssuedCertificate server = certificates.server();          // server.pem, server-key.pem
 * IssuedCertificate support = certificates.serviceClient("customer-support");
 * env.put("GRPC_TLS_CERT_FILE", server.certificateFile().toString());
 * }</pre>
 *
 * <p>The same generator ({@link CertificateAuthority}) makes the local run's development CA.
 */
public final class TestCertificates {

  /** The URI SAN prefix of a FieldOps service's client certificate. */
  public static final String SERVICE_URI_PREFIX = "spiffe://fieldops/";

  private final CertificateAuthority authority;

  private TestCertificates(CertificateAuthority authority) {
    this.authority = authority;
  }

  /** A new CA in {@code directory} (or the one already there). */
  public static TestCertificates createIn(Path directory) {
    return new TestCertificates(CertificateAuthority.openOrCreate(directory, "FieldOps test CA"));
  }

  /** The CA's certificate file, what clients (and an mTLS server) trust. */
  public Path caFile() {
    return authority.caFile();
  }

  /** The generator behind it, for certificates the shortcuts below do not cover. */
  public CertificateAuthority authority() {
    return authority;
  }

  /** A server certificate named {@code server} for localhost and 127.0.0.1. */
  public IssuedCertificate server() {
    return server("server");
  }

  /**
   * A server certificate for localhost and 127.0.0.1 in {@code NAME.pem}/{@code NAME-key.pem};
   * calling it again with the same name replaces the files with a new certificate and key (a
   * rotation).
   */
  public IssuedCertificate server(String name) {
    return authority.issue(name, CertificateSpec.server(name));
  }

  /** A client certificate with subject {@code CN=commonName} and the given URI SANs. */
  public IssuedCertificate client(String name, String commonName, String... uris) {
    return authority.issue(name, CertificateSpec.client(commonName, uris));
  }

  /**
   * The client certificate of a FieldOps context calling another: {@code CN=context} and the URI
   * SAN {@code spiffe://fieldops/<context>}, in {@code <context>-client.pem}.
   */
  public IssuedCertificate serviceClient(String context) {
    return client(context + "-client", context, SERVICE_URI_PREFIX + context);
  }
}
