package dev.fieldops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCertificatesTest {

  @TempDir Path dir;

  @Test
  void up_gets_a_ca_a_certificate_per_service_and_supports_client_certificate() throws Exception {
    Path ca = DevCertificates.create(dir, List.of("10.0.0.5", "fieldops.internal"));

    assertThat(ca).isEqualTo(dir.resolve("ca.pem"));
    for (String service : List.of("customer-support", "telemetry", "invoicing")) {
      X509Certificate cert = read(dir.resolve(service + ".pem"));
      cert.verify(read(ca).getPublicKey());
      assertThat(cert.getSubjectAlternativeNames())
          .contains(
              List.of(2, "localhost"),
              List.of(2, service),
              List.of(2, "fieldops.internal"),
              List.of(7, "127.0.0.1"),
              List.of(7, "10.0.0.5"));
      assertThat(dir.resolve(service + "-key.pem")).exists();
    }
    assertThat(read(dir.resolve("support-client.pem")).getSubjectAlternativeNames())
        .containsExactly(List.of(6, "spiffe://fieldops/support"));
  }

  @Test
  void haproxy_gets_one_file_with_its_certificate_for_every_service_name_and_its_key()
      throws Exception {
    Path ca = DevCertificates.create(dir, List.of("fieldops.internal"));

    Path pem = dir.resolve("haproxy.pem");
    String both = Files.readString(pem);
    assertThat(both).contains("-----BEGIN CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----");
    X509Certificate cert = read(pem);
    cert.verify(read(ca).getPublicKey());
    assertThat(cert.getSubjectAlternativeNames())
        .contains(
            List.of(2, "localhost"),
            List.of(2, "customer-support"),
            List.of(2, "telemetry"),
            List.of(2, "invoicing"),
            List.of(2, "fieldops.internal"),
            List.of(7, "127.0.0.1"));
    assertThat(Files.getPosixFilePermissions(pem))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void a_second_run_reuses_the_files() throws Exception {
    DevCertificates.create(dir, List.of());
    byte[] ca = Files.readAllBytes(dir.resolve("ca.pem"));
    byte[] telemetry = Files.readAllBytes(dir.resolve("telemetry.pem"));

    DevCertificates.create(dir, List.of());

    assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).isEqualTo(ca);
    assertThat(Files.readAllBytes(dir.resolve("telemetry.pem"))).isEqualTo(telemetry);
  }

  private static X509Certificate read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
