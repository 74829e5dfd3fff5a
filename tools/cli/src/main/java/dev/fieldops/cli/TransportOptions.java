package dev.fieldops.cli;

import dev.fieldops.grpc.client.ClientTransport;
import dev.fieldops.grpc.client.GrpcChannels;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How the command-line clients reach the services: TLS trusting {@code --ca-file} (default {@code
 * $FIELDOPS_TLS_CA_FILE}, which {@code ./fieldops} points at the local run's development CA), else
 * the JVM's trust store; a client certificate with {@code --cert-file}/{@code --key-file};
 * plaintext only with {@code --plaintext} ({@code FIELDOPS_PLAINTEXT=true}).
 */
final class TransportOptions {

  /** The variables of the command-line clients' channels. */
  static final ClientTransport.Variables VARIABLES =
      new ClientTransport.Variables(
          "FIELDOPS_TLS_CA_FILE",
          "FIELDOPS_TLS_CERT_FILE",
          "FIELDOPS_TLS_KEY_FILE",
          "FIELDOPS_PLAINTEXT");

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      defaultValue = "${env:FIELDOPS_TLS_CA_FILE}",
      description =
          "CA certificate the services' certificates are checked against (default:"
              + " $FIELDOPS_TLS_CA_FILE, else the JVM's trust store).")
  Path caFile;

  @Option(
      names = "--cert-file",
      paramLabel = "PEM",
      defaultValue = "${env:FIELDOPS_TLS_CERT_FILE}",
      description = "Client certificate for mutual TLS (default: $FIELDOPS_TLS_CERT_FILE).")
  Path certFile;

  @Option(
      names = "--key-file",
      paramLabel = "PEM",
      defaultValue = "${env:FIELDOPS_TLS_KEY_FILE}",
      description = "Its PKCS#8 private key (default: $FIELDOPS_TLS_KEY_FILE).")
  Path keyFile;

  @Option(
      names = "--plaintext",
      defaultValue = "${env:FIELDOPS_PLAINTEXT:-false}",
      fallbackValue = "true",
      arity = "0..1",
      description = "Plaintext instead of TLS, for a development server started that way.")
  boolean plaintext;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  ClientTransport transport() {
    try {
      return new ClientTransport(
          Optional.ofNullable(caFile),
          Optional.ofNullable(certFile),
          Optional.ofNullable(keyFile),
          plaintext);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--plaintext, --ca-file, --cert-file, --key-file (or FIELDOPS_PLAINTEXT, FIELDOPS_TLS_*): "
              + e.getMessage());
    }
  }

  ManagedChannel channel(String target) {
    return GrpcChannels.builder(target, transport()).build();
  }

  /** For the commands without picocli (the health probe): the same from the environment. */
  static ClientTransport fromEnvironment(Map<String, String> env) {
    return ClientTransport.fromEnvironment(env, VARIABLES);
  }
}
