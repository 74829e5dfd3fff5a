package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the quick check reads a set's scripts where a service finds them: in jars. */
class AppliedMigrationsTest {

  @TempDir Path dir;

  private Optional<List<AppliedMigrations.Script>> scriptsInJar(
      String location, Map<String, String> entries) throws IOException {
    Path jar = dir.resolve("migrations.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (var entry : entries.entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey()));
        out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      thread.setContextClassLoader(loader);
      return AppliedMigrations.scripts(new MigrationSet("sample", location));
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  private static int crcOfLines(String... lines) {
    CRC32 crc = new CRC32();
    for (String line : lines) {
      crc.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return (int) crc.getValue();
  }

  @Test
  void reads_the_versioned_scripts_of_a_location_in_a_jar() throws IOException {
    var scripts =
        scriptsInJar(
            "classpath:db/sample",
            Map.of(
                "db/sample/", "",
                "db/sample/V1__first_table.sql", "CREATE TABLE a (id int);\r\n",
                "db/sample/V1_1__second.sql", "\uFEFFSELECT 1;\nSELECT 2;",
                "db/other/V9__elsewhere.sql", "SELECT 9;"));

    assertThat(scripts)
        .hasValueSatisfying(
            list ->
                assertThat(list)
                    .containsExactlyInAnyOrder(
                        new AppliedMigrations.Script(
                            "1",
                            "first table",
                            "V1__first_table.sql",
                            crcOfLines("CREATE TABLE a (id int);")),
                        new AppliedMigrations.Script(
                            "1.1",
                            "second",
                            "V1_1__second.sql",
                            crcOfLines("SELECT 1;", "SELECT 2;"))));
  }

  @Test
  void a_location_holding_anything_but_versioned_scripts_is_left_to_flyway() throws IOException {
    assertThat(
            scriptsInJar(
                "classpath:db/sample",
                Map.of(
                    "db/sample/V1__a.sql", "SELECT 1;",
                    "db/sample/R__view.sql", "SELECT 1;")))
        .isEmpty();
    assertThat(scriptsInJar("classpath:db/sample", Map.of("db/sample/sub/V1__a.sql", "SELECT 1;")))
        .isEmpty();
    assertThat(scriptsInJar("classpath:db/missing", Map.of("db/sample/V1__a.sql", "SELECT 1;")))
        .isEmpty();
  }

  @Test
  void versions_compare_part_by_part() {
    assertThat(AppliedMigrations.compare("1.10", "1.9")).isPositive();
    assertThat(AppliedMigrations.compare("2", "2.0")).isZero();
    assertThat(AppliedMigrations.compare("3", "12")).isNegative();
  }

  @Test
  void the_checksum_ignores_line_breaks_and_a_leading_byte_order_mark() throws IOException {
    int unix = AppliedMigrations.checksum(stream("a\nb\n"));
    assertThat(AppliedMigrations.checksum(stream("a\r\nb"))).isEqualTo(unix);
    assertThat(AppliedMigrations.checksum(stream("\uFEFFa\nb"))).isEqualTo(unix);
    assertThat(AppliedMigrations.checksum(stream("a\nc"))).isNotEqualTo(unix);
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
