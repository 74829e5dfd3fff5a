package dev.fieldops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

  @TempDir Path dir;

  private Path file(String name, String contents) throws IOException {
    return Files.writeString(dir.resolve(name), contents, StandardCharsets.UTF_8);
  }

  @Test
  void a_secret_is_read_from_the_file_its_FILE_variable_names() throws IOException {
    var env =
        Environment.of(Map.of("DATABASE_PASSWORD_FILE", file("password", "s3cret\n").toString()));

    assertThat(env.secret("DATABASE_PASSWORD")).contains("s3cret");
  }

  @Test
  void only_one_trailing_newline_is_removed_and_spaces_stay() throws IOException {
    var env =
        Environment.of(
            Map.of(
                "A_FILE", file("a", " two lines\n\n").toString(),
                "B_FILE", file("b", "windows\r\n").toString(),
                "C_FILE", file("c", "no newline").toString()));

    assertThat(env.secret("A")).contains(" two lines\n");
    assertThat(env.secret("B")).contains("windows");
    assertThat(env.secret("C")).contains("no newline");
  }

  @Test
  void the_value_itself_wins_when_no_file_is_named() {
    assertThat(Environment.of(Map.of("TOKEN", "abc")).secret("TOKEN")).contains("abc");
    assertThat(Environment.of(Map.of("TOKEN", "", "TOKEN_FILE", " ")).secret("TOKEN")).isEmpty();
  }

  @Test
  void both_the_value_and_the_file_set_is_refused_naming_both() throws IOException {
    var env =
        Environment.of(
            Map.of("TELEMETRY_TOKEN", "abc", "TELEMETRY_TOKEN_FILE", file("t", "xyz").toString()));

    assertThatThrownBy(() -> env.secret("TELEMETRY_TOKEN"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TELEMETRY_TOKEN and TELEMETRY_TOKEN_FILE are both set")
        .hasMessageNotContaining("abc")
        .hasMessageNotContaining("xyz");
  }

  @Test
  void a_missing_file_names_the_variable_and_the_path() {
    Path missing = dir.resolve("nowhere");
    var env = Environment.of(Map.of("DATABASE_PASSWORD_FILE", missing.toString()));

    assertThatThrownBy(() -> env.secret("DATABASE_PASSWORD"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("DATABASE_PASSWORD_FILE: cannot read the file '" + missing + "': no such file")
        .extracting(e -> ((ConfigException) e).variable())
        .isEqualTo("DATABASE_PASSWORD_FILE");
  }

  @Test
  void a_directory_or_an_empty_file_is_refused_without_showing_contents() throws IOException {
    var directory = Environment.of(Map.of("KEY_FILE", dir.toString()));
    var empty = Environment.of(Map.of("KEY_FILE", file("empty", "\n").toString()));

    assertThatThrownBy(() -> directory.secret("KEY"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("KEY_FILE: cannot read the file '" + dir + "'");
    assertThatThrownBy(() -> empty.secret("KEY"))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("the file is empty");
  }

  @Test
  void a_file_that_is_not_utf8_text_is_refused_without_showing_its_bytes() throws IOException {
    Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xC3, (byte) 0x28});
    var env = Environment.of(Map.of("KEY_FILE", binary.toString()));

    assertThatThrownBy(() -> env.secret("KEY"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("KEY_FILE: cannot read the file '" + binary + "': not UTF-8 text");
  }
}
