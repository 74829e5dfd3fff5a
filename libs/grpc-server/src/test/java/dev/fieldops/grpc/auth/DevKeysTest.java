package dev.fieldops.grpc.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeysTest {

  @TempDir Path root;

  @Test
  void the_first_use_creates_a_p256_pair_with_a_private_file_only_the_owner_can_read()
      throws Exception {
    Path dir = root.resolve("dev-keys");

    DevKeys keys = DevKeys.loadOrCreate(dir);

    assertThat(keys.created()).isTrue();
    assertThat(keys.keyId()).isNotBlank();
    Path privateFile = dir.resolve(DevKeys.PRIVATE_KEY_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    String pem = Files.readString(keys.publicKeyFile(), StandardCharsets.US_ASCII);
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(PublicKeyPem.parse(pem).getKeyID()).isEqualTo(keys.keyId());
    assertThat(pem).doesNotContain(keys.signingKey().getD().toString());
  }

  @Test
  void later_uses_load_the_same_key() {
    DevKeys first = DevKeys.loadOrCreate(root);

    DevKeys again = DevKeys.loadOrCreate(root);

    assertThat(again.created()).isFalse();
    assertThat(again.keyId()).isEqualTo(first.keyId());
    assertThat(again.signingKey()).isEqualTo(first.signingKey());
  }

  @Test
  void processes_starting_together_agree_on_one_key() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Callable<String> load = () -> DevKeys.loadOrCreate(root.resolve("shared")).keyId();
      List<Future<String>> ids = pool.invokeAll(List.of(load, load, load, load));

      assertThat(ids.stream().map(DevKeysTest::get).distinct()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String get(Future<String> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
