package dev.fieldops.grpc;

import dev.fieldops.config.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a network server protects its connections: TLS with a certificate and key ({@code
 * GRPC_TLS_CERT_FILE}, {@code GRPC_TLS_KEY_FILE}, PEM), optionally verifying client certificates
 * against {@code GRPC_TLS_CLIENT_CA_FILE} (mutual TLS), or plaintext, only when {@code
 * GRPC_PLAINTEXT=true} asks for it. A server with neither does not start ({@link
 * #requireChosen()}): plaintext is never what a forgotten setting gives.
 *
 * <p>The files are read again every {@code GRPC_TLS_RELOAD_INTERVAL} (default 1m) when they have
 * changed, so a renewed certificate (or client CA) takes effect for new connections without a
 * restart.
 *
 * <p>With a client CA, a client certificate is <em>optional</em>: a caller that presents one must
 * present one the CA signed (else the handshake fails), and a caller without one authenticates by
 * bearer token as before (the CLI, {@code buf curl}). See {@link
 * dev.fieldops.grpc.auth.ClientCertificates} for how a certificate becomes a principal.
 *
 * @param certificateFile the server's certificate chain (PEM); with {@code keyFile}, TLS is on
 * @param keyFile the server's private key (PKCS#8 PEM)
 * @param clientCaFile the CA that signs accepted client certificates (mutual TLS), if any
 * @param plaintext whether plaintext was asked for explicitly
 * @param reloadInterval how often changed files are read again
 */
public record ServerTransport(
    Optional<Path> certificateFile,
    Optional<Path> keyFile,
    Optional<Path> clientCaFile,
    boolean plaintext,
    Duration reloadInterval) {

  public static final String CERT_FILE = "GRPC_TLS_CERT_FILE";
  public static final String KEY_FILE = "GRPC_TLS_KEY_FILE";
  public static final String CLIENT_CA_FILE = "GRPC_TLS_CLIENT_CA_FILE";
  public static final String RELOAD_INTERVAL = "GRPC_TLS_RELOAD_INTERVAL";
  public static final String PLAINTEXT = "GRPC_PLAINTEXT";

  public ServerTransport {
    Objects.requireNonNull(certificateFile, "certificateFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(clientCaFile, "clientCaFile");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
    if (certificateFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException(
          (certificateFile.isPresent()
                  ? CERT_FILE + " is set but " + KEY_FILE + " is not"
                  : KEY_FILE + " is set but " + CERT_FILE + " is not")
              + ": TLS needs both the certificate and its private key");
    }
    if (certificateFile.isPresent() && plaintext) {
      throw new IllegalArgumentException(
          PLAINTEXT + "=true contradicts " + CERT_FILE + "/" + KEY_FILE + ": choose one");
    }
    if (clientCaFile.isPresent() && certificateFile.isEmpty()) {
      throw new IllegalArgumentException(
          CLIENT_CA_FILE + " needs TLS: set " + CERT_FILE + " and " + KEY_FILE + " too");
    }
  }

  /** TLS with these files, reloaded every minute; no client certificates. */
  public static ServerTransport tls(Path certificateFile, Path keyFile) {
    return new ServerTransport(
        Optional.of(certificateFile),
        Optional.of(keyFile),
        Optional.empty(),
        false,
        DEFAULT_RELOAD);
  }

  /** Plaintext, explicitly (development and tests that are not about transport). */
  public static ServerTransport plaintextForDevelopment() {
    return new ServerTransport(
        Optional.empty(), Optional.empty(), Optional.empty(), true, DEFAULT_RELOAD);
  }

  /** Nothing chosen yet: {@link #requireChosen()} refuses it. */
  public static ServerTransport unconfigured() {
    return new ServerTransport(
        Optional.empty(), Optional.empty(), Optional.empty(), false, DEFAULT_RELOAD);
  }

  /** How often the files are checked by default. */
  public static final Duration DEFAULT_RELOAD = Duration.ofMinutes(1);

  /** Reads the variables of the class comment. */
  public static ServerTransport fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    return new ServerTransport(
        values.path(CERT_FILE),
        values.path(KEY_FILE),
        values.path(CLIENT_CA_FILE),
        values.bool(PLAINTEXT, false),
        values.duration(
            RELOAD_INTERVAL, DEFAULT_RELOAD, Duration.ofMillis(100), Duration.ofDays(1)));
  }

  /** The same with client certificates verified against {@code caFile} (mutual TLS). */
  public ServerTransport withClientCa(Path caFile) {
    return new ServerTransport(
        certificateFile, keyFile, Optional.of(caFile), plaintext, reloadInterval);
  }

  /** The same, reading changed files every {@code interval}. */
  public ServerTransport reloadingEvery(Duration interval) {
    return new ServerTransport(certificateFile, keyFile, clientCaFile, plaintext, interval);
  }

  /** Whether TLS is on. */
  public boolean tls() {
    return certificateFile.isPresent();
  }

  /**
   * Checks that a network server may start: TLS configured, or plaintext explicitly asked for.
   *
   * @throws IllegalStateException naming the variables when neither is
   */
  public ServerTransport requireChosen() {
    if (!tls() && !plaintext) {
      throw new IllegalStateException(
          "no TLS configured for the gRPC server: set "
              + CERT_FILE
              + " and "
              + KEY_FILE
              + " (PEM files; "
              + CLIENT_CA_FILE
              + " for mutual TLS), or "
              + PLAINTEXT
              + "=true to serve plaintext (development only)");
    }
    return this;
  }
}
