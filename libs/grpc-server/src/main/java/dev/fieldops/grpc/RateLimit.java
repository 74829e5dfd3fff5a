package dev.fieldops.grpc;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token bucket's shape: {@code tokens} per {@code period} refill it, and it holds at most {@code
 * burst} (a full bucket lets that many calls through at once). Written {@code RATE/UNIT[:BURST]}:
 * {@code 100/s} (100 a second, burst one second's worth), {@code 600/m:50} (10 a second, at most 50
 * at once), {@code 5/s:20}; {@code 0} or {@code off} switches the limit off.
 */
public record RateLimit(long tokens, Duration period, long burst) {

  /** No limit. */
  public static final RateLimit OFF = new RateLimit(0, Duration.ofSeconds(1), 0);

  /** What the syntax is, for configuration messages. */
  public static final String EXPECTED =
      "0 or off, or RATE/UNIT[:BURST] with UNIT s, m or h, such as 100/s, 600/m:50 or 5/s:20"
          + " (1 to 1000000 each)";

  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,7})/([smh])(?::(\\d{1,7}))?");
  private static final long MAX = 1_000_000;

  public RateLimit {
    if (tokens < 0 || tokens > MAX || burst < 0 || burst > MAX) {
      throw new IllegalArgumentException("tokens and burst must be from 0 to " + MAX);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    if ((tokens == 0) != (burst == 0)) {
      throw new IllegalArgumentException("a limit needs both a rate and a burst, or neither");
    }
  }

  /** {@code n} per second with a burst of {@code burst}. */
  public static RateLimit perSecond(long n, long burst) {
    return new RateLimit(n, Duration.ofSeconds(1), burst);
  }

  /**
   * Reads the syntax of the class comment.
   *
   * @throws IllegalArgumentException when {@code text} does not follow it
   */
  public static RateLimit parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("0") || value.equals("off")) {
      return OFF;
    }
    Matcher m = SYNTAX.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("not RATE/UNIT[:BURST]: " + text);
    }
    long tokens = Long.parseLong(m.group(1));
    Duration period =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(1);
          case "m" -> Duration.ofMinutes(1);
          default -> Duration.ofHours(1);
        };
    if (tokens == 0) {
      throw new IllegalArgumentException("a rate of 0 is written 0 or off");
    }
    long burst;
    if (m.group(3) != null) {
      burst = Long.parseLong(m.group(3));
    } else {
      // one second's worth, at least one call
      burst = Math.max(1, tokens * 1_000_000_000L / period.toNanos());
    }
    if (burst == 0) {
      throw new IllegalArgumentException("a burst must be at least 1");
    }
    return new RateLimit(tokens, period, burst);
  }

  public boolean enabled() {
    return tokens > 0;
  }

  /** Nanoseconds to refill one token. */
  long nanosPerToken() {
    return Math.max(1, period.toNanos() / tokens);
  }

  /** How this limit is written. */
  @Override
  public String toString() {
    if (!enabled()) {
      return "off";
    }
    String unit =
        period.equals(Duration.ofSeconds(1))
            ? "s"
            : period.equals(Duration.ofMinutes(1)) ? "m" : "h";
    return tokens + "/" + unit + ":" + burst;
  }
}
