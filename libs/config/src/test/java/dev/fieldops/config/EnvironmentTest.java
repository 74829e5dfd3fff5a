package dev.fieldops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentTest {

  private static Environment env(String name, String value) {
    return Environment.of(Map.of(name, value));
  }

  @Test
  void unset_and_blank_variables_take_their_defaults() {
    var blank = Environment.of(Map.of("A", "  ", "B", ""));

    assertThat(blank.string("A")).isEmpty();
    assertThat(blank.string("B", "fallback")).isEqualTo("fallback");
    assertThat(blank.integer("A", 7, 1, 10)).isEqualTo(7);
    assertThat(blank.duration("A", Duration.ofSeconds(3), Duration.ZERO, Duration.ofHours(1)))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(blank.bool("UNSET", true)).isTrue();
    assertThat(blank.durations("B", Duration.ZERO, Duration.ofHours(1))).isEmpty();
  }

  @Test
  void values_are_trimmed_but_secrets_are_taken_verbatim() {
    var env = Environment.of(Map.of("NAME", " support ", "PASSWORD", " spaced secret "));

    assertThat(env.string("NAME")).contains("support");
    assertThat(env.secret("PASSWORD")).contains(" spaced secret ");
    assertThat(env.secret("UNSET")).isEmpty();
  }

  @Test
  void typed_values_are_read_in_the_one_grammar() {
    var env =
        Environment.of(
            Map.of(
                "COUNT", "42",
                "RATIO", "0.5",
                "FLAG", "Off",
                "WAIT", "1500ms",
                "TIMEOUT", "0",
                "PAUSES", "10s, 30s,,2m",
                "SIZE", "4MiB",
                "DIR", "/var/lib/keys",
                "JWKS", "https://idp.example/jwks.json",
                "PEER", "[::1]:50052"));

    assertThat(env.integer("COUNT", 0, 1, 100)).isEqualTo(42);
    assertThat(env.decimal("RATIO", 0, 0, 20)).isEqualTo(0.5);
    assertThat(env.bool("FLAG", true)).isFalse();
    assertThat(env.duration("WAIT", Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(env.durationOrOff("TIMEOUT", Duration.ofSeconds(5), Duration.ofDays(1))).isZero();
    assertThat(env.durations("PAUSES", Duration.ofMillis(1), Duration.ofDays(1)))
        .contains(List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2)));
    assertThat(env.bytes("SIZE", 0, 1024, Integer.MAX_VALUE)).isEqualTo(4 * 1024 * 1024);
    assertThat(env.path("DIR")).contains(Path.of("/var/lib/keys"));
    assertThat(env.httpUrl("JWKS")).contains(URI.create("https://idp.example/jwks.json"));
    assertThat(env.hostPort("PEER", "127.0.0.1:1")).isEqualTo("[::1]:50052");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "integer  | many   | a whole number from 1 to 100",
        "integer  | 101    | a whole number from 1 to 100",
        "decimal  | 21     | a number from 0 to 20",
        "bool     | maybe  | true or false",
        "duration | soon   | a duration from 1ms to 1h such as 500ms, 10s, 5m, 12h, 30d or PT10S",
        "duration | 2h     | a duration from 1ms to 1h such as 500ms, 10s, 5m, 12h, 30d or PT10S",
        "duration | 0      | a duration from 1ms to 1h such as 500ms, 10s, 5m, 12h, 30d or PT10S",
        "off      | -1s    | 0 (off) or a duration up to 24d such as 500ms, 10s, 5m, 12h, 30d or"
            + " PT10S",
        "list     | 10s,x  | comma-separated durations from 1ms to 1h such as 10s,30s,2m",
        "list     | ' , '  | comma-separated durations from 1ms to 1h such as 10s,30s,2m",
        "bytes    | 9999999MiB | a size from 1KiB to 1GiB such as 65536, 64KiB or 4MiB",
        "bytes    | 10     | a size from 1KiB to 1GiB such as 65536, 64KiB or 4MiB",
        "size     | 2TiB   | a size from 1MiB to 1TiB such as 512MiB, 2GiB or 1TiB",
        "size     | 1.5GiB | a size from 1MiB to 1TiB such as 512MiB, 2GiB or 1TiB",
        "url      | ftp://x/keys | an absolute http(s) URL",
        "address  | telemetry | host:port",
      })
  void an_unusable_value_names_the_variable_the_value_and_what_is_expected(
      String kind, String value, String expected) {
    var env = env("SETTING", value);
    Runnable read =
        switch (kind) {
          case "integer" -> () -> env.integer("SETTING", 1, 1, 100);
          case "decimal" -> () -> env.decimal("SETTING", 0, 0, 20);
          case "bool" -> () -> env.bool("SETTING", true);
          case "duration" ->
              () ->
                  env.duration(
                      "SETTING", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofHours(1));
          case "off" ->
              () -> env.durationOrOff("SETTING", Duration.ofSeconds(1), Duration.ofDays(24));
          case "list" -> () -> env.durations("SETTING", Duration.ofMillis(1), Duration.ofHours(1));
          case "bytes" -> () -> env.bytes("SETTING", 4096, 1024, 1024 * 1024 * 1024);
          case "size" -> () -> env.size("SETTING", 1L << 30, 1L << 20, 1L << 40);
          case "url" -> () -> env.httpUrl("SETTING");
          case "address" -> () -> env.hostPort("SETTING", "127.0.0.1:1");
          default -> throw new IllegalArgumentException(kind);
        };

    assertThatThrownBy(read::run)
        .isInstanceOf(ConfigException.class)
        .hasMessage("SETTING: invalid value '" + value.trim() + "', expected " + expected)
        .extracting(e -> ((ConfigException) e).variable())
        .isEqualTo("SETTING");
  }

  @Test
  void a_size_may_exceed_an_int() {
    assertThat(env("SIZE", "2GiB").size("SIZE", 0, 1, 1L << 40)).isEqualTo(2L << 30);
    assertThat(env("SIZE", "1TiB").size("SIZE", 0, 1, 1L << 40)).isEqualTo(1L << 40);
    assertThat(env("SIZE", "512mib").size("SIZE", 0, 1, 1L << 40)).isEqualTo(512L << 20);
    assertThat(env("OTHER", "1").size("SIZE", 7, 1, 1L << 40)).isEqualTo(7);
  }

  @Test
  void a_custom_reading_fails_in_the_same_style() {
    var env = env("CURRENCY", "euro");

    assertThatThrownBy(
            () ->
                env.value(
                    "CURRENCY",
                    "an ISO 4217 currency such as EUR",
                    raw -> {
                      if (raw.length() != 3) {
                        throw new IllegalStateException("whatever the parser says");
                      }
                      return raw;
                    }))
        .hasMessage("CURRENCY: invalid value 'euro', expected an ISO 4217 currency such as EUR");
  }

  @Test
  void a_secret_is_never_repeated_in_its_message() {
    assertThat(ConfigException.invalidSecret("DATABASE_URL", "a postgres:// URL"))
        .hasMessage("DATABASE_URL: invalid value (not shown), expected a postgres:// URL");
  }
}
