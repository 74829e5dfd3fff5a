package dev.fieldops.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.certificates.CertificateAuthority;
import dev.fieldops.certificates.CertificateSpec;
import dev.fieldops.certificates.IssuedCertificate;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS channel checks its CA and certificate files for changes on one thread shared by every
 * channel of the JVM; the checks belong to the channel and end with it (a client that opens and
 * closes channels, or a test JVM that starts services one after another, would otherwise keep every
 * channel's checks, failing on files long deleted).
 */
class TlsFileChecksTest {

  @TempDir Path tls;

  @Test
  void a_tls_channels_file_checks_end_when_it_is_shut_down() throws Exception {
    var ca = CertificateAuthority.openOrCreate(tls, "test CA");
    IssuedCertificate client = ca.issue("client", CertificateSpec.client("support"));
    int before = GrpcChannels.scheduledReloads();

    ManagedChannel withClientCertificate =
        GrpcChannels.builder(
                "localhost:50999",
                ClientTransport.trusting(ca.caFile())
                    .withClientCertificate(client.certificateFile(), client.privateKeyFile()))
            .build();
    assertThat(GrpcChannels.scheduledReloads())
        .as("the CA and the client certificate")
        .isEqualTo(before + 2);
    ManagedChannel trustingOnly =
        GrpcChannels.builder("localhost:50999", ClientTransport.trusting(ca.caFile())).build();
    assertThat(GrpcChannels.scheduledReloads()).isEqualTo(before + 3);

    withClientCertificate.shutdown();
    assertThat(GrpcChannels.scheduledReloads()).isEqualTo(before + 1);
    assertThat(withClientCertificate.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS))
        .isTrue();
    trustingOnly.shutdownNow();
    assertThat(GrpcChannels.scheduledReloads()).isEqualTo(before);
    assertThat(trustingOnly.isShutdown()).isTrue();
  }

  @Test
  void a_plaintext_channel_checks_no_files() {
    int before = GrpcChannels.scheduledReloads();
    ManagedChannel channel =
        GrpcChannels.builder("localhost:50999", ClientTransport.plaintextForDevelopment()).build();
    try {
      assertThat(GrpcChannels.scheduledReloads()).isEqualTo(before);
    } finally {
      channel.shutdownNow();
    }
  }
}
