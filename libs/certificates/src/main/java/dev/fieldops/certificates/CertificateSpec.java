package dev.fieldops.certificates;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one leaf certificate says: its subject's common name, its subject alternative names (DNS
 * names, IP addresses, URIs) and what it may be used for.
 *
 * @param commonName the subject's {@code CN}
 * @param dnsNames DNS subject alternative names
 * @param ipAddresses IP address subject alternative names (literal addresses)
 * @param uris URI subject alternative names, e.g. {@code spiffe://fieldops/customer-support}
 * @param serverAuth whether a TLS server may present it
 * @param clientAuth whether a TLS client may present it
 * @param validity how long from now it is valid
 */
public record CertificateSpec(
    String commonName,
    List<String> dnsNames,
    List<String> ipAddresses,
    List<String> uris,
    boolean serverAuth,
    boolean clientAuth,
    Duration validity) {

  /** How long a certificate of {@link #server} or {@link #client} is valid by default. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

  public CertificateSpec {
    Objects.requireNonNull(commonName, "commonName");
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    uris = List.copyOf(uris);
    if (!serverAuth && !clientAuth) {
      throw new IllegalArgumentException("a certificate is for a server, a client or both");
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
  }

  /**
   * A server certificate for {@code localhost} and {@code 127.0.0.1} (what a local run and a test
   * connect to), plus any further DNS names.
   */
  public static CertificateSpec server(String commonName, String... moreDnsNames) {
    List<String> dns = new java.util.ArrayList<>(List.of("localhost"));
    dns.addAll(List.of(moreDnsNames));
    return new CertificateSpec(
        commonName, dns, List.of("127.0.0.1", "::1"), List.of(), true, false, DEFAULT_VALIDITY);
  }

  /** A client certificate whose identity is {@code commonName} and the given URI names. */
  public static CertificateSpec client(String commonName, String... uris) {
    return new CertificateSpec(
        commonName, List.of(), List.of(), List.of(uris), false, true, DEFAULT_VALIDITY);
  }

  /** The same certificate, also usable by the other side (a service that serves and calls). */
  public CertificateSpec alsoAsClient() {
    return new CertificateSpec(commonName, dnsNames, ipAddresses, uris, serverAuth, true, validity);
  }

  /** The same certificate with these URI subject alternative names added. */
  public CertificateSpec withUris(String... more) {
    List<String> all = new java.util.ArrayList<>(uris);
    all.addAll(List.of(more));
    return new CertificateSpec(
        commonName, dnsNames, ipAddresses, all, serverAuth, clientAuth, validity);
  }

  /** The same certificate valid for {@code duration} from now. */
  public CertificateSpec validFor(Duration duration) {
    return new CertificateSpec(
        commonName, dnsNames, ipAddresses, uris, serverAuth, clientAuth, duration);
  }
}
