package dev.fieldops.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way FieldOps writes a duration, in variables and on command lines: {@code 0}, whole
 * numbers with a unit ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 12h}, {@code 30d}, or several
 * added up such as {@code 1h30m}; any case, a space before a unit allowed) or ISO-8601 ({@code
 * PT10S}, {@code P30D}, {@code PT1.5S}). A duration is never negative.
 */
public final class Durations {

  /** How a duration is written, for messages. */
  public static final String EXAMPLES = "500ms, 10s, 5m, 12h, 30d or PT10S";

  private static final String PART = "\\s*(\\d+)\\s*(ms|s|m|h|d)";
  private static final Pattern WITH_UNITS =
      Pattern.compile("(?:" + PART + ")+", Pattern.CASE_INSENSITIVE);
  private static final Pattern ONE_UNIT = Pattern.compile(PART, Pattern.CASE_INSENSITIVE);
  private static final long MILLIS_PER_DAY = Duration.ofDays(1).toMillis();
  private static final long MILLIS_PER_HOUR = Duration.ofHours(1).toMillis();
  private static final long MILLIS_PER_MINUTE = Duration.ofMinutes(1).toMillis();
  private static final long MILLIS_PER_SECOND = Duration.ofSeconds(1).toMillis();

  private Durations() {}

  /**
   * Parses {@code text} (surrounding spaces ignored).
   *
   * @throws IllegalArgumentException when it is not a duration of this grammar, is negative, or is
   *     too long to represent
   */
  public static Duration parse(String text) {
    String trimmed = text.trim();
    Duration parsed;
    try {
      parsed = parseOrNull(trimmed);
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException tooLarge) {
      parsed = null;
    }
    if (parsed == null || parsed.isNegative()) {
      throw new IllegalArgumentException("'" + trimmed + "' is not a duration such as " + EXAMPLES);
    }
    return parsed;
  }

  /**
   * Writes {@code duration} the way {@link #parse} reads it, in the largest unit that keeps it
   * whole: {@code 0}, {@code 250ms}, {@code 10s}, {@code 15m}, {@code 1h}, {@code 30d}; ISO-8601
   * below a millisecond.
   */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0";
    }
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long millis;
    try {
      millis = duration.toMillis();
    } catch (ArithmeticException tooLong) {
      return duration.toString();
    }
    if (millis % MILLIS_PER_DAY == 0) {
      return millis / MILLIS_PER_DAY + "d";
    }
    if (millis % MILLIS_PER_HOUR == 0) {
      return millis / MILLIS_PER_HOUR + "h";
    }
    if (millis % MILLIS_PER_MINUTE == 0) {
      return millis / MILLIS_PER_MINUTE + "m";
    }
    if (millis % MILLIS_PER_SECOND == 0) {
      return millis / MILLIS_PER_SECOND + "s";
    }
    return millis + "ms";
  }

  private static Duration parseOrNull(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (WITH_UNITS.matcher(text).matches()) {
      Duration sum = Duration.ZERO;
      Matcher part = ONE_UNIT.matcher(text);
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        sum =
            sum.plus(
                switch (part.group(2).toLowerCase(Locale.ROOT)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "h" -> Duration.ofHours(amount);
                  default -> Duration.ofDays(amount);
                });
      }
      return sum;
    }
    if (text.startsWith("P") || text.startsWith("p")) {
      return Duration.parse(text);
    }
    return null;
  }
}
