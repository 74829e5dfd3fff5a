package dev.fieldops.jooq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyFingerprintTest {

  @Test
  void the_same_request_from_the_same_caller_has_the_same_fingerprint() {
    assertThat(IdempotencyStore.fingerprint(bytes("acme"), bytes("printer on fire")))
        .isEqualTo(IdempotencyStore.fingerprint(bytes("acme"), bytes("printer on fire")))
        .hasSize(32);
  }

  @Test
  void another_caller_or_another_request_changes_the_fingerprint() {
    byte[] acme = IdempotencyStore.fingerprint(bytes("acme"), bytes("printer on fire"));

    assertThat(IdempotencyStore.fingerprint(bytes("globex"), bytes("printer on fire")))
        .isNotEqualTo(acme);
    assertThat(IdempotencyStore.fingerprint(bytes("acme"), bytes("printer on fire!")))
        .isNotEqualTo(acme);
  }

  @Test
  void parts_cannot_be_shifted_into_each_other() {
    assertThat(IdempotencyStore.fingerprint(bytes("ab"), bytes("c")))
        .isNotEqualTo(IdempotencyStore.fingerprint(bytes("a"), bytes("bc")));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
