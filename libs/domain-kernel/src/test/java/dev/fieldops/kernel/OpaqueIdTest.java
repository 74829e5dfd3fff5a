package dev.fieldops.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpaqueIdTest {

  /** The rule as the contract states it (proto/: {@code pattern}), the reference for the loop. */
  private static final Pattern CONTRACT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Test
  void accepts_ids_of_one_to_sixty_four_allowed_characters() {
    assertThat(OpaqueId.isWellFormed("acme-42")).isTrue();
    assertThat(OpaqueId.isWellFormed("a")).isTrue();
    assertThat(OpaqueId.isWellFormed("Z_9-z".repeat(12) + "abcd")).isTrue(); // 64
    assertThat(OpaqueId.isWellFormed("0123456789_-ABCXYZabcxyz")).isTrue();
  }

  @Test
  void refuses_empty_too_long_null_and_other_characters() {
    assertThat(OpaqueId.isWellFormed(null)).isFalse();
    assertThat(OpaqueId.isWellFormed("")).isFalse();
    assertThat(OpaqueId.isWellFormed("a".repeat(65))).isFalse();
    for (String bad :
        new String[] {"acme 42", "acme.42", "acme/42", "ä", "a\u0000", "a\n", "@", "["}) {
      assertThat(OpaqueId.isWellFormed(bad)).as(bad).isFalse();
    }
  }

  @Test
  void agrees_with_the_contracts_pattern_on_random_text() {
    var random = new SplittableRandom(42);
    // Characters around every boundary of the allowed ranges, and some beyond ASCII.
    String alphabet = "/09:@AZ[`az{_-.\u00e4\u0130\uD83D\uDE00 ";
    for (int i = 0; i < 100_000; i++) {
      var text = new StringBuilder();
      int length = random.nextInt(68);
      for (int j = 0; j < length; j++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = text.toString();
      assertThat(OpaqueId.isWellFormed(s)).as(s).isEqualTo(CONTRACT.matcher(s).matches());
    }
  }
}
