package dev.fieldops.grpc;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of environment variables for configuration records. Every failure is an {@link
 * IllegalArgumentException} whose message starts with the variable's name and repeats the offending
 * value, so that a misconfigured deployment fails at start with a message an operator can act on.
 *
 * <p>Durations accept {@code 500ms}, {@code 10s}, {@code 5m}, {@code 12h}, {@code 1d} or ISO-8601
 * ({@code PT10S}); sizes accept plain bytes or {@code 64KiB}, {@code 4MiB} (also {@code KB}/{@code
 * MB} meaning the same binary multiples, since nobody means 1000 here).
 */
public final class EnvironmentValues {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|kb|k|mib|mb|m|gib|gb|g)?");

  private final Map<String, String> env;

  public EnvironmentValues(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The trimmed value, or empty when the variable is unset or blank. */
  public Optional<String> string(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.trim());
  }

  public String string(String name, String defaultValue) {
    return string(name).orElse(defaultValue);
  }

  public int integer(String name, int defaultValue, int min, int max) {
    Optional<String> raw = string(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw invalid(name, raw.get(), "an integer");
    }
    if (value < min || value > max) {
      throw invalid(name, raw.get(), "an integer between " + min + " and " + max);
    }
    return value;
  }

  public boolean bool(String name, boolean defaultValue) {
    Optional<String> raw = string(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    return switch (raw.get().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw invalid(name, raw.get(), "true or false");
    };
  }

  public Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
    Optional<String> raw = string(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    Duration value = parseDuration(name, raw.get());
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(name, raw.get(), "a duration between " + min + " and " + max);
    }
    return value;
  }

  /** A byte count that must fit an {@code int} (gRPC's size limits are ints). */
  public int bytes(String name, int defaultValue, int min, int max) {
    Optional<String> raw = string(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    Matcher m = SIZE.matcher(raw.get().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw invalid(name, raw.get(), "a size such as 65536, 64KiB or 4MiB");
    }
    long multiplier =
        switch (m.group(2) == null ? "b" : m.group(2)) {
          case "kib", "kb", "k" -> 1024L;
          case "mib", "mb", "m" -> 1024L * 1024;
          case "gib", "gb", "g" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    long value;
    try {
      value = Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(name, raw.get(), "a size between " + min + " and " + max + " bytes");
    }
    if (value < min || value > max) {
      throw invalid(name, raw.get(), "a size between " + min + " and " + max + " bytes");
    }
    return (int) value;
  }

  public Optional<Path> path(String name) {
    Optional<String> raw = string(name);
    try {
      return raw.map(Path::of);
    } catch (InvalidPathException e) {
      throw invalid(name, raw.orElseThrow(), "a file system path");
    }
  }

  /** An absolute http(s) URL. */
  public Optional<URI> httpUrl(String name) {
    Optional<String> raw = string(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw.get());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw invalid(name, raw.get(), "an absolute http(s) URL");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw invalid(name, raw.get(), "an absolute http(s) URL");
    }
  }

  private static Duration parseDuration(String name, String raw) {
    String text = raw.toLowerCase(Locale.ROOT);
    if (text.startsWith("p")) {
      try {
        return Duration.parse(raw.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(name, raw, "a duration such as 500ms, 10s, 5m, 12h or PT10S");
      }
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw invalid(name, raw, "a duration such as 500ms, 10s, 5m, 12h or PT10S");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw invalid(name, raw, "a duration such as 500ms, 10s, 5m, 12h or PT10S");
    }
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** Parses a duration written like the variables above (used by command-line options too). */
  public static Duration parseDuration(String raw) {
    return parseDuration("value", raw);
  }

  private static IllegalArgumentException invalid(String name, String value, String expected) {
    return new IllegalArgumentException(
        name + ": invalid value '" + value + "', expected " + expected);
  }
}
