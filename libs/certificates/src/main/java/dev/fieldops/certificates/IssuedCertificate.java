package dev.fieldops.certificates;

import java.nio.file.Path;

/**
 * The PEM files of one signed certificate.
 *
 * @param certificateFile the certificate ({@code -----BEGIN CERTIFICATE-----})
 * @param privateKeyFile its private key, PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), readable by
 *     the owner only
 * @param caFile the certificate of the CA that signed it (what the other side trusts)
 */
public record IssuedCertificate(Path certificateFile, Path privateKeyFile, Path caFile) {}
