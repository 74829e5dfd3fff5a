package dev.fieldops.jooq.codegen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Generates jOOQ sources for one service.
 *
 * <p>Arguments: {@code --migrations DIR --package NAME --output DIR}. Run from the service's POM at
 * {@code generate-sources}.
 */
public final class GenerateJooqSources {

  private static final String STAMP = ".fieldops-jooq-stamp";
  // Keep the build output to one line per service; failures still surface as exceptions. Held in
  // fields because java.util.logging forgets the level of a logger nobody references.
  private static final java.util.logging.Logger QUIET_FLYWAY =
      java.util.logging.Logger.getLogger("org.flywaydb");
  private static final java.util.logging.Logger QUIET_JOOQ =
      java.util.logging.Logger.getLogger("org.jooq");

  private GenerateJooqSources() {}

  public static void main(String[] args) throws Exception {
    QuietLogging.discardLibraryLogs();
    QUIET_FLYWAY.setLevel(java.util.logging.Level.WARNING);
    QUIET_JOOQ.setLevel(java.util.logging.Level.WARNING);
    Map<String, String> options = parse(args);
    Path migrations = Path.of(require(options, "--migrations"));
    String packageName = require(options, "--package");
    Path output = Path.of(require(options, "--output"));

    if (upToDate(migrations, output)) {
      System.out.println("jOOQ sources for " + packageName + " are up to date");
      return;
    }
    String adminUrl = System.getenv("FIELDOPS_CODEGEN_ADMIN_URL");
    if (adminUrl != null && !adminUrl.isBlank()) {
      generateOnServer(adminUrl, migrations, packageName, output);
    } else {
      try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
        generate(
            postgres.getJdbcUrl("postgres", "postgres"),
            "postgres",
            "",
            migrations,
            packageName,
            output);
      }
    }
    Files.writeString(output.resolve(STAMP), packageName);
    System.out.println("generated jOOQ sources for " + packageName + " from " + migrations);
  }

  private static void generateOnServer(
      String adminUrl, Path migrations, String packageName, Path output) throws Exception {
    String user = Optional.ofNullable(System.getenv("FIELDOPS_CODEGEN_USER")).orElse("postgres");
    String password = Optional.ofNullable(System.getenv("FIELDOPS_CODEGEN_PASSWORD")).orElse("");
    String database =
        "fieldops_codegen_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin(adminUrl, user, password, "CREATE DATABASE " + database);
    try {
      String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
      generate(url, user, password, migrations, packageName, output);
    } finally {
      admin(adminUrl, user, password, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static void admin(String url, String user, String password, String sql)
      throws SQLException {
    try (var connection = DriverManager.getConnection(url, user, password);
        var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void generate(
      String jdbcUrl,
      String user,
      String password,
      Path migrations,
      String packageName,
      Path output)
      throws Exception {
    Flyway.configure()
        .dataSource(jdbcUrl, user, password)
        .locations("filesystem:" + migrations.toAbsolutePath())
        .table("flyway_history_codegen")
        .load()
        .migrate();

    GenerationTool.generate(
        new Configuration()
            .withJdbc(
                new Jdbc()
                    .withDriver("org.postgresql.Driver")
                    .withUrl(jdbcUrl)
                    .withUser(user)
                    .withPassword(password))
            .withGenerator(
                new Generator()
                    .withDatabase(
                        new Database()
                            .withName("org.jooq.meta.postgres.PostgresDatabase")
                            .withInputSchema("public")
                            .withOutputSchemaToDefault(true)
                            .withExcludes("flyway_history_.*"))
                    .withGenerate(
                        new Generate()
                            .withRecords(true)
                            .withPojos(false)
                            .withDaos(false)
                            .withJavaTimeTypes(true)
                            .withGeneratedAnnotation(false)
                            .withComments(true))
                    .withTarget(
                        new Target()
                            .withPackageName(packageName)
                            .withDirectory(output.toAbsolutePath().toString())
                            .withClean(true))));
  }

  private static boolean upToDate(Path migrations, Path output) throws IOException {
    Path stamp = output.resolve(STAMP);
    if (!Files.exists(stamp)) {
      return false;
    }
    FileTime generated = Files.getLastModifiedTime(stamp);
    try (Stream<Path> files = Files.walk(migrations)) {
      return files
          .filter(Files::isRegularFile)
          .allMatch(
              file -> {
                try {
                  return Files.getLastModifiedTime(file).compareTo(generated) < 0;
                } catch (IOException e) {
                  return false;
                }
              });
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "missing " + name + " (usage: --migrations DIR --package NAME --output DIR)");
    }
    return value;
  }
}
