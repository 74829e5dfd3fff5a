package dev.fieldops.grpc.auth;

import dev.fieldops.kernel.Principal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How a verified client certificate (mutual TLS, {@code GRPC_TLS_CLIENT_CA_FILE}) names a FieldOps
 * service: by a URI subject alternative name {@code spiffe://fieldops/<context>}, e.g. {@code
 * spiffe://fieldops/customer-support}, which makes the caller the {@link Principal.Service} of that
 * context with the URI as its subject. The subject's common name is not used: a URI SAN is what
 * certificate authorities (and SPIFFE) issue as a workload identity, and it cannot be confused with
 * a host name. A certificate without such a name gives no principal (the caller then needs a
 * token).
 */
public final class ClientCertificates {

  /** The URI SAN prefix of a FieldOps service's client certificate. */
  public static final String SERVICE_URI_PREFIX = "spiffe://fieldops/";

  private static final int URI_NAME = 6;

  private ClientCertificates() {}

  /** The service {@code certificate} names, if it names one. */
  public static Optional<Principal.Service> principalOf(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    if (names == null) {
      return Optional.empty();
    }
    for (List<?> name : names) {
      if (name.size() == 2
          && name.get(0) instanceof Integer type
          && type == URI_NAME
          && name.get(1) instanceof String uri
          && uri.startsWith(SERVICE_URI_PREFIX)) {
        String context = uri.substring(SERVICE_URI_PREFIX.length());
        if (PrincipalClaims.CONTEXT_NAME.matcher(context).matches()) {
          return Optional.of(new Principal.Service(uri, context));
        }
      }
    }
    return Optional.empty();
  }
}
