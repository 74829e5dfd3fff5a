/**
 * A small certificate authority for development and tests: {@link
 * dev.fieldops.certificates.CertificateAuthority} creates (or reuses) a CA under a directory and
 * signs server and client certificates for it, written as PEM files (certificate, PKCS#8 private
 * key). {@code ./fieldops up} uses it for the local run's TLS, the tests for theirs; production
 * certificates come from the operator's own CA.
 */
package dev.fieldops.certificates;
