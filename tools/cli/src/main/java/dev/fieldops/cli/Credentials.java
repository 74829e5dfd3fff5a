package dev.fieldops.cli;

import dev.fieldops.grpc.auth.AuthConfig;
import dev.fieldops.grpc.auth.DevKeys;
import dev.fieldops.grpc.auth.TokenMinter;
import dev.fieldops.kernel.Principal;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Bearer tokens for the tools: a token given on the command line or in {@code FIELDOPS_TOKEN}, or
 * else one minted with the local development key (as {@code ./fieldops token} does), so that the
 * tools work against a local run without any setup.
 */
final class Credentials {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private Credentials() {}

  static String staffToken(String given, Path devKeyDir, Principal.Role... roles) {
    if (given != null && !given.isBlank()) {
      return given;
    }
    return TokenMinter.forDevKeys(
            DevKeys.loadOrCreate(devKeyDir), AuthConfig.DEFAULT_ISSUER, AuthConfig.DEFAULT_AUDIENCE)
        .mint(new Principal.Staff("fieldops-cli", Set.of(roles)), Duration.ofHours(1));
  }

  static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo info, Executor executor, MetadataApplier applier) {
        var headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
      }
    };
  }
}
