package dev.fieldops.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of a process's environment variables. A variable that is unset or blank takes its
 * default; a value that cannot be used throws a {@link ConfigException} naming the variable, the
 * value and what is expected, so that a misconfigured deployment fails at start.
 *
 * <p>The grammar, the same for every variable of every service:
 *
 * <ul>
 *   <li>values are trimmed, except a {@linkplain #secret secret}, which is taken verbatim;
 *   <li>a secret {@code NAME} may instead be read from the file that {@code NAME_FILE} names;
 *   <li>durations as {@link Durations} reads them: {@code 0}, {@code 500ms}, {@code 10s}, {@code
 *       5m}, {@code 12h}, {@code 30d} or ISO-8601 {@code PT10S};
 *   <li>sizes in bytes, or with a binary unit: {@code 64KiB}, {@code 4MiB}, {@code 1GiB}, {@code
 *       1TiB} ({@code KB}, {@code MB}, {@code GB}, {@code TB}, {@code k}, {@code m}, {@code g},
 *       {@code t} mean the same multiples of 1024, since nobody means 1000 here);
 *   <li>booleans {@code true}/{@code yes}/{@code on}/{@code 1} and {@code false}/{@code no}/{@code
 *       off}/{@code 0}, any case;
 *   <li>lists comma-separated, each item trimmed, empty items ignored.
 * </ul>
 */
public final class Environment {

  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|kib|kb|k|mib|mb|m|gib|gb|g|tib|tb|t)?");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}");
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long GIB = 1024 * MIB;
  private static final long TIB = 1024 * GIB;

  private final Map<String, String> variables;

  private Environment(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** The variables of {@code variables}: a test's map, or the process's. */
  public static Environment of(Map<String, String> variables) {
    return new Environment(variables);
  }

  /** The process's environment. */
  public static Environment system() {
    return of(System.getenv());
  }

  /** The trimmed value, or empty when the variable is unset or blank. */
  public Optional<String> string(String name) {
    String value = variables.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.trim());
  }

  public String string(String name, String defaultValue) {
    return string(name).orElse(defaultValue);
  }

  /**
   * A secret: the value of {@code NAME} exactly as set (spaces at either end may be part of a
   * password), or, when {@code NAME} is unset or empty, the contents of the file that {@code
   * NAME_FILE} names (how Kubernetes and Docker mount secrets), one trailing newline ({@code \n} or
   * {@code \r\n}) removed and nothing else; empty when neither is set. Report a bad value with
   * {@link ConfigException#invalidSecret}.
   *
   * @throws ConfigException when both {@code NAME} and {@code NAME_FILE} are set, or the file
   *     cannot be read or is empty (the message names the variable and the path, never the
   *     contents)
   */
  public Optional<String> secret(String name) {
    String fileVariable = fileVariable(name);
    String value = variables.get(name);
    Optional<Path> file = string(fileVariable).map(Path::of);
    boolean valueSet = value != null && !value.isEmpty();
    if (valueSet && file.isPresent()) {
      throw ConfigException.conflicting(name, fileVariable);
    }
    if (valueSet) {
      return Optional.of(value);
    }
    return file.map(path -> readSecretFile(fileVariable, path));
  }

  /** The variable that names the file holding secret {@code name}: {@code name + "_FILE"}. */
  public static String fileVariable(String name) {
    return name + "_FILE";
  }

  private static String readSecretFile(String variable, Path path) {
    String contents;
    try {
      contents = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw ConfigException.unreadableFile(variable, path, "no such file");
    } catch (AccessDeniedException e) {
      throw ConfigException.unreadableFile(variable, path, "permission denied");
    } catch (MalformedInputException e) {
      throw ConfigException.unreadableFile(variable, path, "not UTF-8 text");
    } catch (IOException | UncheckedIOException e) {
      // The message names the path at most: the contents were never read into it.
      throw ConfigException.unreadableFile(
          variable, path, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    if (contents.endsWith("\r\n")) {
      contents = contents.substring(0, contents.length() - 2);
    } else if (contents.endsWith("\n")) {
      contents = contents.substring(0, contents.length() - 1);
    }
    if (contents.isEmpty()) {
      throw ConfigException.unreadableFile(variable, path, "the file is empty");
    }
    return contents;
  }

  /**
   * The value read by {@code parser}, or empty when unset. Whatever {@code parser} throws makes the
   * value invalid: the message names the variable, the value and {@code expected}.
   */
  public <T> Optional<T> value(String name, String expected, Function<String, T> parser) {
    Optional<String> raw = string(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(raw.get()));
    } catch (RuntimeException unusable) {
      throw ConfigException.invalid(name, raw.get(), expected);
    }
  }

  /** A whole number from {@code min} to {@code max}. */
  public int integer(String name, int defaultValue, int min, int max) {
    String expected = "a whole number from " + min + " to " + max;
    return value(name, expected, raw -> within(Integer.parseInt(raw), min, max))
        .orElse(defaultValue);
  }

  /** A decimal number from {@code min} to {@code max} ({@code 0.5}, {@code 2}). */
  public double decimal(String name, double defaultValue, double min, double max) {
    String expected = "a number from " + plain(min) + " to " + plain(max);
    return value(
            name,
            expected,
            raw -> {
              double parsed = Double.parseDouble(raw);
              if (!(parsed >= min && parsed <= max)) {
                throw new IllegalArgumentException("out of range");
              }
              return parsed;
            })
        .orElse(defaultValue);
  }

  public boolean bool(String name, boolean defaultValue) {
    return value(
            name,
            "true or false",
            raw ->
                switch (raw.toLowerCase(Locale.ROOT)) {
                  case "true", "yes", "on", "1" -> true;
                  case "false", "no", "off", "0" -> false;
                  default -> throw new IllegalArgumentException("not a boolean");
                })
        .orElse(defaultValue);
  }

  /** A duration from {@code min} to {@code max}. */
  public Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
    return value(name, durationExpected(min, max), raw -> within(Durations.parse(raw), min, max))
        .orElse(defaultValue);
  }

  /** A timeout that {@code 0} switches off, else a duration up to {@code max}. */
  public Duration durationOrOff(String name, Duration defaultValue, Duration max) {
    String expected =
        "0 (off) or a duration up to " + Durations.format(max) + " such as " + Durations.EXAMPLES;
    return value(name, expected, raw -> within(Durations.parse(raw), Duration.ZERO, max))
        .orElse(defaultValue);
  }

  /** Comma-separated durations, each from {@code min} to {@code max}; empty when unset. */
  public Optional<List<Duration>> durations(String name, Duration min, Duration max) {
    String expected =
        "comma-separated durations from "
            + Durations.format(min)
            + " to "
            + Durations.format(max)
            + " such as 10s,30s,2m";
    return list(name, expected, raw -> within(Durations.parse(raw), min, max));
  }

  /**
   * A comma-separated list, each item read by {@code item}; empty when unset. A list without an
   * item, or an item {@code item} refuses, makes the whole value invalid.
   */
  public <T> Optional<List<T>> list(String name, String expected, Function<String, T> item) {
    return value(
        name,
        expected,
        raw -> {
          List<T> items = new ArrayList<>();
          for (String part : raw.split(",")) {
            if (!part.isBlank()) {
              items.add(item.apply(part.trim()));
            }
          }
          if (items.isEmpty()) {
            throw new IllegalArgumentException("no item");
          }
          return List.copyOf(items);
        });
  }

  /** A byte count that fits an {@code int}, from {@code min} to {@code max}. */
  public int bytes(String name, int defaultValue, int min, int max) {
    return (int) size(name, defaultValue, min, max, "65536, 64KiB or 4MiB");
  }

  /**
   * A byte count from {@code min} to {@code max} that may exceed an {@code int} (a stream's size
   * limit): {@code 536870912}, {@code 512MiB}, {@code 2GiB}, {@code 1TiB}.
   */
  public long size(String name, long defaultValue, long min, long max) {
    return size(name, defaultValue, min, max, "512MiB, 2GiB or 1TiB");
  }

  private long size(String name, long defaultValue, long min, long max, String examples) {
    String expected = "a size from " + size(min) + " to " + size(max) + " such as " + examples;
    return value(name, expected, raw -> within(parseSize(raw), min, max)).orElse(defaultValue);
  }

  private static long parseSize(String raw) {
    Matcher m = SIZE.matcher(raw.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size");
    }
    long multiplier =
        switch (m.group(2) == null ? "b" : m.group(2)) {
          case "kib", "kb", "k" -> KIB;
          case "mib", "mb", "m" -> MIB;
          case "gib", "gb", "g" -> GIB;
          case "tib", "tb", "t" -> TIB;
          default -> 1L;
        };
    return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
  }

  public Optional<Path> path(String name) {
    return value(name, "a file system path", Path::of);
  }

  /** An absolute {@code http} or {@code https} URL. */
  public Optional<URI> httpUrl(String name) {
    return value(
        name,
        "an absolute http(s) URL",
        raw -> {
          URI uri = uri(raw);
          String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
          if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL");
          }
          return uri;
        });
  }

  /** A network address {@code host:port} (an IPv6 host in brackets). */
  public String hostPort(String name, String defaultValue) {
    return value(
            name,
            "host:port",
            raw -> {
              if (!HOST_PORT.matcher(raw).matches()) {
                throw new IllegalArgumentException("not host:port");
              }
              return raw;
            })
        .orElse(defaultValue);
  }

  private static <T extends Comparable<T>> T within(T value, T min, T max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException("out of range");
    }
    return value;
  }

  private static String durationExpected(Duration min, Duration max) {
    return "a duration from "
        + Durations.format(min)
        + " to "
        + Durations.format(max)
        + " such as "
        + Durations.EXAMPLES;
  }

  private static URI uri(String raw) {
    try {
      return new URI(raw);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI", e);
    }
  }

  private static String size(long bytes) {
    if (bytes >= TIB && bytes % TIB == 0) {
      return bytes / TIB + "TiB";
    }
    if (bytes >= GIB && bytes % GIB == 0) {
      return bytes / GIB + "GiB";
    }
    if (bytes >= MIB && bytes % MIB == 0) {
      return bytes / MIB + "MiB";
    }
    if (bytes >= KIB && bytes % KIB == 0) {
      return bytes / KIB + "KiB";
    }
    return bytes + " bytes";
  }

  private static String plain(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }
}
