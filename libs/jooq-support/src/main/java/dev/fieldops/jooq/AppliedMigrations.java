package dev.fieldops.jooq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The quick answer to "is every migration of these sets applied already?", the usual case of a
 * restart, without starting Flyway: the scripts of each set's location are read from the class path
 * and compared with the set's history table (version, description, script name and Flyway's
 * checksum of each applied migration) over one connection. Only a plain "yes" is trusted: anything
 * else (a pending script, a failed or unknown history row, a changed script, a location this class
 * cannot list, an error) answers "ask Flyway", which then migrates, validates and fails exactly as
 * it always did. Flyway took about 2 s of a service's start for 4 sets with nothing to do.
 */
final class AppliedMigrations {

  // Flyway's versioned SQL migrations with the default prefix, separator and suffix.
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__([^/]+)\\.sql");
  private static final String CLASSPATH = "classpath:";

  private AppliedMigrations() {}

  /** A script of a set's location, as Flyway would record it when applied. */
  record Script(String version, String description, String script, int checksum) {}

  /**
   * Whether every script of every set is recorded as successfully applied with the same checksum,
   * and the history holds nothing this check does not understand. False means "ask Flyway", not
   * "something is wrong".
   */
  static boolean allApplied(Connection connection, List<MigrationSet> sets) {
    try {
      for (MigrationSet set : sets) {
        Optional<List<Script>> scripts = scripts(set);
        if (scripts.isEmpty() || !applied(connection, set, scripts.get())) {
          return false;
        }
      }
      return true;
    } catch (SQLException | IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean applied(Connection connection, MigrationSet set, List<Script> scripts)
      throws SQLException {
    if (!historyExists(connection, set.historyTable())) {
      return false;
    }
    Map<String, Script> expected = new HashMap<>();
    for (Script script : scripts) {
      expected.put(script.version(), script);
    }
    Map<String, Script> found = new HashMap<>();
    // The table name is a checked identifier (MigrationSet's pattern): safe to inline.
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version, description, type, script, checksum, success FROM "
                    + set.historyTable())) {
      while (rows.next()) {
        String type = rows.getString("type");
        if (!rows.getBoolean("success")) {
          return false;
        }
        if ("BASELINE".equals(type) && "0".equals(rows.getString("version"))) {
          continue;
        }
        if (!"SQL".equals(type)) {
          return false;
        }
        int checksum = rows.getInt("checksum");
        if (rows.wasNull()) {
          return false;
        }
        Script row =
            new Script(
                rows.getString("version"),
                rows.getString("description"),
                rows.getString("script"),
                checksum);
        if (found.put(row.version(), row) != null) {
          return false;
        }
      }
    }
    String newest = newestVersion(scripts);
    for (Script row : found.values()) {
      // A newer release's migrations (expand / contract) are fine, as for Flyway; an applied one
      // the code does not have below its newest is Flyway's to judge.
      if (!expected.containsKey(row.version()) && compare(row.version(), newest) <= 0) {
        return false;
      }
    }
    for (Script script : scripts) {
      if (!script.equals(found.get(script.version()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean historyExists(Connection connection, String table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, table);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  /**
   * The versioned scripts of a set's location, or empty when it holds anything else (or cannot be
   * listed): then Flyway decides.
   */
  static Optional<List<Script>> scripts(MigrationSet set) throws IOException {
    if (!set.location().startsWith(CLASSPATH)) {
      return Optional.empty();
    }
    String folder = set.location().substring(CLASSPATH.length());
    while (folder.startsWith("/")) {
      folder = folder.substring(1);
    }
    while (folder.endsWith("/")) {
      folder = folder.substring(0, folder.length() - 1);
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = AppliedMigrations.class.getClassLoader();
    }
    Map<String, Integer> files = new TreeMap<>();
    for (URL root : Collections.list(loader.getResources(folder))) {
      if (!list(root, folder, files)) {
        return Optional.empty();
      }
    }
    if (files.isEmpty()) {
      return Optional.empty();
    }
    List<Script> scripts = new ArrayList<>();
    for (Map.Entry<String, Integer> file : files.entrySet()) {
      var name = VERSIONED.matcher(file.getKey());
      if (!name.matches()) {
        return Optional.empty();
      }
      String version = name.group(1).replace('_', '.');
      String description = name.group(2).replace('_', ' ');
      scripts.add(new Script(version, description, file.getKey(), file.getValue()));
    }
    return Optional.of(List.copyOf(scripts));
  }

  /**
   * Adds the files directly in {@code folder} under {@code root} with their checksums; false when
   * it cannot tell.
   */
  private static boolean list(URL root, String folder, Map<String, Integer> files)
      throws IOException {
    switch (root.getProtocol()) {
      case "file" -> {
        Path dir;
        try {
          dir = Path.of(root.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
          return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
          for (Path entry : entries.toList()) {
            if (Files.isDirectory(entry)) {
              return false; // Flyway would look inside: leave it to Flyway
            }
            try (InputStream in = Files.newInputStream(entry)) {
              if (files.put(entry.getFileName().toString(), checksum(in)) != null) {
                return false;
              }
            }
          }
        }
        return true;
      }
      case "jar" -> {
        var connection = root.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
          return false;
        }
        String prefix = folder + "/";
        Path jarPath;
        try {
          jarPath = Path.of(jarConnection.getJarFileURL().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
          return false;
        }
        try (JarFile jar = new JarFile(jarPath.toFile())) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            String path = entry.getName();
            if (!path.startsWith(prefix) || path.equals(prefix)) {
              continue;
            }
            String rest = path.substring(prefix.length());
            if (rest.contains("/")) {
              return false; // a sub-folder: Flyway would look inside
            }
            try (InputStream in = jar.getInputStream(entry)) {
              if (files.put(rest, checksum(in)) != null) {
                return false;
              }
            }
          }
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * Flyway's checksum of a script: a CRC32 over the UTF-8 bytes of its lines without their line
   * breaks, a byte order mark removed from the first.
   */
  static int checksum(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
    String line = reader.readLine();
    if (line != null) {
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      do {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      } while ((line = reader.readLine()) != null);
    }
    return (int) crc.getValue();
  }

  private static String newestVersion(List<Script> scripts) {
    String newest = scripts.get(0).version();
    for (Script script : scripts) {
      if (compare(script.version(), newest) > 0) {
        newest = script.version();
      }
    }
    return newest;
  }

  /** Compares dotted versions numerically, part by part ({@code 1.10 > 1.9}). */
  static int compare(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.max(left.length, right.length); i++) {
      var x = new java.math.BigInteger(i < left.length ? left[i] : "0");
      var y = new java.math.BigInteger(i < right.length ? right[i] : "0");
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
