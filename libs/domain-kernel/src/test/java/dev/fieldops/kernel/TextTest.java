package dev.fieldops.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

  private static final String EMOJI = "\uD83D\uDE00"; // one character, two UTF-16 units

  @Test
  void an_emoji_is_one_character() {
    assertThat(Text.characters(EMOJI.repeat(101))).isEqualTo(101);
    assertThat(Text.characters("Grüße")).isEqualTo(5);
  }

  @Test
  void a_limit_counts_characters_not_utf16_units() {
    assertThat(Text.atMost(EMOJI.repeat(200), 200)).isTrue();
    assertThat(Text.atMost(EMOJI.repeat(201), 200)).isFalse();
    assertThat(Text.atMost("a".repeat(200), 200)).isTrue();
    assertThat(Text.atMost("a".repeat(201), 200)).isFalse();
  }

  @Test
  void truncating_never_splits_a_character() {
    assertThat(Text.truncate("ab" + EMOJI + "cd", 3)).isEqualTo("ab" + EMOJI);
    assertThat(Text.truncate(EMOJI.repeat(5), 2)).isEqualTo(EMOJI.repeat(2));
    assertThat(Text.truncate("short", 80)).isEqualTo("short");
  }
}
