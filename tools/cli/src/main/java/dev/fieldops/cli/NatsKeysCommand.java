package dev.fieldops.cli;

import dev.fieldops.commandline.CommandLines;
import io.nats.client.NKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./fieldops nats-keys DIR}: one NKey per identity of {@code deploy/nats/permissions.conf}.
 * The seed (the secret) goes to {@code DIR/<identity>.nk}, readable by its owner only, for the
 * client's {@code NATS_NKEY_SEED_FILE}; the public key is printed as the {@code
 * FIELDOPS_NATS_<IDENTITY>_NKEY} export nats-server's configuration reads. A seed already in DIR is
 * kept, so running it again prints the same exports.
 */
@Command(
    name = "nats-keys",
    description = {
      "Write an NKey seed per NATS identity (support, telemetry, invoicing, observer, operator)"
          + " into DIR, keeping those already there, and print the FIELDOPS_NATS_*_NKEY exports"
          + " for nats-server: eval \"$(./fieldops nats-keys DIR)\"."
    })
final class NatsKeysCommand implements Callable<Integer> {

  /** The identities of deploy/nats/permissions.conf. */
  static final List<String> IDENTITIES =
      List.of("support", "telemetry", "invoicing", "observer", "operator");

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Where the seed files go.")
  Path dir;

  @Override
  public Integer call() throws IOException, GeneralSecurityException {
    Files.createDirectories(dir);
    PrintWriter out = spec.commandLine().getOut();
    for (String identity : IDENTITIES) {
      Path seedFile = dir.resolve(identity + ".nk");
      NKey key;
      if (Files.exists(seedFile)) {
        key =
            NKey.fromSeed(
                Files.readString(seedFile, StandardCharsets.US_ASCII).trim().toCharArray());
      } else {
        key = NKey.createUser(null);
        Files.createFile(
            seedFile,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(seedFile, new String(key.getSeed()) + "\n", StandardCharsets.US_ASCII);
      }
      out.println(
          "export FIELDOPS_NATS_"
              + identity.toUpperCase(Locale.ROOT)
              + "_NKEY="
              + new String(key.getPublicKey()));
    }
    out.println("# clients: NATS_NKEY_SEED_FILE=" + dir.toAbsolutePath() + "/<identity>.nk");
    out.flush();
    return CommandLines.OK;
  }
}
