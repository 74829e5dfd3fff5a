package dev.fieldops.system;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** deploy/observability/ as the tests read it, and promtool / prometheus where Debian puts them. */
final class ObservabilityFiles {

  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final String MISSING =
      "needs Debian's prometheus package (/usr/bin/prometheus, /usr/bin/promtool):"
          + " apt-get install prometheus (.ci/run installs it)";

  /** Label matchers and grouping clauses: their names are labels, not metrics. */
  private static final Pattern LABELS =
      Pattern.compile(
          "\\{[^}]*}|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

  /** Our metrics' prefixes; PromQL functions and keywords have none of them. */
  private static final Pattern METRIC =
      Pattern.compile("\\b(?:fieldops|grpc|hikaricp|jvm|process|system|up)_[a-zA-Z0-9_:]*\\b");

  private ObservabilityFiles() {}

  static Path directory() {
    return Path.of(System.getProperty("user.dir"))
        .resolve("../../deploy/observability")
        .normalize();
  }

  static JsonObject dashboard() throws IOException {
    return JsonParser.parseString(Files.readString(directory().resolve("fieldops-dashboard.json")))
        .getAsJsonObject();
  }

  /** Every PromQL expression of the dashboard's panels. */
  static List<String> dashboardQueries() throws IOException {
    var queries = new ArrayList<String>();
    for (JsonElement panel : dashboard().getAsJsonArray("panels")) {
      var targets = panel.getAsJsonObject().getAsJsonArray("targets");
      if (targets != null) {
        for (JsonElement target : targets) {
          queries.add(target.getAsJsonObject().get("expr").getAsString());
        }
      }
    }
    return queries;
  }

  /** The metric names the dashboard's queries read. */
  static Set<String> dashboardMetrics() throws IOException {
    var names = new TreeSet<String>();
    for (String query : dashboardQueries()) {
      var matcher = METRIC.matcher(LABELS.matcher(query).replaceAll(" "));
      while (matcher.find()) {
        names.add(matcher.group());
      }
    }
    return names;
  }

  /** What a command printed (stdout and stderr together) and how it exited. */
  record Run(int exit, String output) {}

  static Run run(Path workingDirectory, String... command)
      throws IOException, InterruptedException {
    var process =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish: " + output);
    }
    return new Run(process.exitValue(), output);
  }
}
