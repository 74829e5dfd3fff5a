package dev.fieldops.grpc.client;

import dev.fieldops.config.Environment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client protects its channel to a FieldOps service: TLS (the default), trusting {@code
 * caFile} when given, else the JVM's trust store; with {@code certificateFile} and {@code keyFile},
 * it also presents a client certificate (mutual TLS, e.g. customer-support calling telemetry as the
 * {@code service} principal). Plaintext only when {@code plaintext} was asked for.
 *
 * @param caFile the CA that signed the server's certificate (PEM)
 * @param certificateFile the client certificate (PEM), for mutual TLS
 * @param keyFile its private key (PKCS#8 PEM)
 * @param plaintext whether plaintext was asked for explicitly (development only)
 */
public record ClientTransport(
    Optional<Path> caFile,
    Optional<Path> certificateFile,
    Optional<Path> keyFile,
    boolean plaintext) {

  public ClientTransport {
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(certificateFile, "certificateFile");
    Objects.requireNonNull(keyFile, "keyFile");
    if (certificateFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException(
          "a client certificate needs its key and a key its certificate: set both or neither");
    }
    if (plaintext && (caFile.isPresent() || certificateFile.isPresent())) {
      throw new IllegalArgumentException(
          "plaintext contradicts the TLS files that are set: choose one");
    }
  }

  /** The names of one client's variables (each client has its own, e.g. {@code TELEMETRY_*}). */
  public record Variables(
      String caFile, String certificateFile, String keyFile, String plaintext) {}

  /** TLS trusting the JVM's trust store. */
  public static ClientTransport systemTrust() {
    return new ClientTransport(Optional.empty(), Optional.empty(), Optional.empty(), false);
  }

  /** TLS trusting {@code caFile}. */
  public static ClientTransport trusting(Path caFile) {
    return new ClientTransport(Optional.of(caFile), Optional.empty(), Optional.empty(), false);
  }

  /** Plaintext, explicitly (development, and tests that are not about transport). */
  public static ClientTransport plaintextForDevelopment() {
    return new ClientTransport(Optional.empty(), Optional.empty(), Optional.empty(), true);
  }

  /** The same, presenting this client certificate (mutual TLS). */
  public ClientTransport withClientCertificate(Path certificate, Path key) {
    return new ClientTransport(caFile, Optional.of(certificate), Optional.of(key), plaintext);
  }

  /**
   * Reads the client's variables from {@code env}.
   *
   * @throws IllegalArgumentException naming the variables when they contradict each other
   */
  public static ClientTransport fromEnvironment(Map<String, String> env, Variables names) {
    var values = Environment.of(env);
    try {
      return new ClientTransport(
          values.path(names.caFile()),
          values.path(names.certificateFile()),
          values.path(names.keyFile()),
          values.bool(names.plaintext(), false));
    } catch (IllegalArgumentException e) {
      if (e instanceof dev.fieldops.config.ConfigException) {
        throw e;
      }
      throw new IllegalArgumentException(
          names.caFile()
              + ", "
              + names.certificateFile()
              + ", "
              + names.keyFile()
              + ", "
              + names.plaintext()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Whether the channel is TLS. */
  public boolean tls() {
    return !plaintext;
  }
}
