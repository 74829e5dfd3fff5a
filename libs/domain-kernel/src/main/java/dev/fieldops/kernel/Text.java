package dev.fieldops.kernel;

import java.util.Objects;

/**
 * Text lengths as the contract counts them. The contract's limits ("at most 200 characters") count
 * characters, and protovalidate's {@code string.max_len} counts them as Unicode code points, while
 * Java's {@code String.length()} counts UTF-16 units, in which an emoji (any character outside the
 * Basic Multilingual Plane) is two. A domain check that used {@code length()} would refuse 101
 * emoji as "more than 200 characters" after the contract let them through; every length the domain
 * checks or cuts goes through here instead.
 */
public final class Text {

  private Text() {}

  /** The number of characters (code points) of {@code text}. */
  public static int characters(String text) {
    return text.codePointCount(0, text.length());
  }

  /** Whether {@code text} has at most {@code maxCharacters} characters. */
  public static boolean atMost(String text, int maxCharacters) {
    Objects.requireNonNull(text, "text");
    // Fast path: UTF-16 units are never fewer than code points.
    return text.length() <= maxCharacters || characters(text) <= maxCharacters;
  }

  /**
   * {@code text} cut to at most {@code maxCharacters} characters, never between the two halves of a
   * character (which would leave a lone surrogate that no encoding can carry).
   */
  public static String truncate(String text, int maxCharacters) {
    if (maxCharacters < 0) {
      throw new IllegalArgumentException("maxCharacters must not be negative: " + maxCharacters);
    }
    if (atMost(text, maxCharacters)) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, maxCharacters));
  }
}
