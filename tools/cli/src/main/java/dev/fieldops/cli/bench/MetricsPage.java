package dev.fieldops.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One scrape of a service's Prometheus {@code /metrics}: sums of the series of a metric. */
record MetricsPage(String text) {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  static MetricsPage scrape(String hostPort) {
    try {
      var response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://" + hostPort + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new MetricsPage(response.statusCode() == 200 ? response.body() : "");
    } catch (IOException e) {
      return new MetricsPage("");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new MetricsPage("");
    }
  }

  /**
   * The sum of every series of {@code name} whose labels contain {@code labelFilter} (e.g. {@code
   * outcome="accepted"}, or "" for all); NaN when the page has none.
   */
  double sum(String name, String labelFilter) {
    return sum(name, labelFilter, Double.NaN);
  }

  /**
   * The same for a counter, which a service registers on its first increment: 0 when the page was
   * served without it, NaN only when there was no page.
   */
  double counter(String name, String labelFilter) {
    return sum(name, labelFilter, text.isEmpty() ? Double.NaN : 0);
  }

  private double sum(String name, String labelFilter, double absent) {
    double sum = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name) || line.length() <= name.length()) {
        continue;
      }
      char next = line.charAt(name.length());
      if (next != '{' && next != ' ') {
        continue;
      }
      if (!labelFilter.isEmpty() && !line.contains(labelFilter)) {
        continue;
      }
      try {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      } catch (NumberFormatException ignored) {
        // a malformed line counts as absent
      }
    }
    return found ? sum : absent;
  }
}
