package dev.fieldops.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

  @TempDir Path dir;

  @Test
  void a_server_certificate_is_signed_by_the_ca_for_localhost_and_the_loopback_address()
      throws Exception {
    var ca = CertificateAuthority.openOrCreate(dir, "Test CA");

    IssuedCertificate server = ca.issue("server", CertificateSpec.server("telemetry"));

    X509Certificate cert = CertificateAuthority.readCertificate(server.certificateFile());
    cert.verify(ca.certificate().getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=telemetry");
    assertThat(cert.getSubjectAlternativeNames())
        .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(CertificateAuthority.readPrivateKey(server.privateKeyFile()).getFormat())
        .isEqualTo("PKCS#8");
    assertThat(Files.readString(server.privateKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.getPosixFilePermissions(server.privateKeyFile()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(server.caFile()).isEqualTo(dir.resolve("ca.pem"));
  }

  @Test
  void a_client_certificate_carries_its_identity_as_common_name_and_uri() throws Exception {
    var ca = CertificateAuthority.openOrCreate(dir, "Test CA");

    IssuedCertificate client =
        ca.issue(
            "support",
            CertificateSpec.client("customer-support", "spiffe://fieldops/customer-support"));

    X509Certificate cert = CertificateAuthority.readCertificate(client.certificateFile());
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "spiffe://fieldops/customer-support"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
  }

  @Test
  void an_existing_ca_and_a_still_valid_certificate_are_reused() throws Exception {
    var first = CertificateAuthority.openOrCreate(dir, "Test CA");
    var issued = first.issueIfMissing("server", CertificateSpec.server("s"), Duration.ofDays(1));
    byte[] before = Files.readAllBytes(issued.certificateFile());

    var again = CertificateAuthority.openOrCreate(dir, "Test CA");
    again.issueIfMissing("server", CertificateSpec.server("s"), Duration.ofDays(1));

    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(Files.readAllBytes(issued.certificateFile())).isEqualTo(before);
  }

  @Test
  void a_certificate_about_to_expire_is_replaced() throws Exception {
    var ca = CertificateAuthority.openOrCreate(dir, "Test CA");
    var shortLived = ca.issue("server", CertificateSpec.server("s").validFor(Duration.ofHours(1)));
    byte[] before = Files.readAllBytes(shortLived.certificateFile());

    ca.issueIfMissing("server", CertificateSpec.server("s"), Duration.ofDays(1));

    assertThat(Files.readAllBytes(shortLived.certificateFile())).isNotEqualTo(before);
  }
}
