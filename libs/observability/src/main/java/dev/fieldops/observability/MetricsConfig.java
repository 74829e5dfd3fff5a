package dev.fieldops.observability;

import dev.fieldops.config.Environment;
import java.util.Map;
import java.util.Objects;

/**
 * Where a process serves its metrics. Off by default: a service started without {@code
 * METRICS_PORT} opens no port beyond gRPC. The endpoint binds to loopback unless told otherwise,
 * because it is unauthenticated and shows internals (pool sizes, backlog, method names); a
 * Prometheus on another host needs {@code METRICS_ADDRESS=0.0.0.0} (or the host's address) behind a
 * firewall.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th></tr>
 *   <tr><td>METRICS_PORT</td><td>0 (off); otherwise {@code /metrics} on this port</td></tr>
 *   <tr><td>METRICS_ADDRESS</td><td>127.0.0.1</td></tr>
 *   <tr><td>METRICS_VIRTUAL_THREADS</td><td>false; true adds the virtual-thread meters</td></tr>
 * </table>
 *
 * <p>The virtual-thread meters (Micrometer's {@code VirtualThreadMetrics}: live virtual threads,
 * the scheduler's parallelism and pool size, and pinned time and failed submits, which it reads
 * from JFR events) read those events through a recording stream that runs for the life of the
 * process: it loads JFR and keeps its buffers, about 12 MB of resident memory per service (195 →
 * 182 MB idle, customer-support with the services' JVM flags), and parses the recording every
 * second. Since Java 24 a virtual thread no longer pins its carrier in {@code synchronized}, so
 * those meters rarely read anything but 0; they are there for whoever looks for pinning (a native
 * call, a class initialiser).
 *
 * @param serve whether to open the HTTP endpoint at all
 * @param address the address to bind
 * @param port the port to bind; 0 with {@code serve} binds an ephemeral port (tests)
 * @param virtualThreads whether to record the virtual-thread meters (JFR)
 */
public record MetricsConfig(boolean serve, String address, int port, boolean virtualThreads) {

  public static final String PORT_VARIABLE = "METRICS_PORT";
  public static final String ADDRESS_VARIABLE = "METRICS_ADDRESS";
  public static final String VIRTUAL_THREADS_VARIABLE = "METRICS_VIRTUAL_THREADS";
  public static final String DEFAULT_ADDRESS = "127.0.0.1";

  /** Without the virtual-thread meters, the default. */
  public MetricsConfig(boolean serve, String address, int port) {
    this(serve, address, port, false);
  }

  public MetricsConfig {
    Objects.requireNonNull(address, "address");
    if (address.isBlank()) {
      throw new IllegalArgumentException("address must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
  }

  /** Meters are kept, but no endpoint serves them. */
  public static MetricsConfig off() {
    return new MetricsConfig(false, DEFAULT_ADDRESS, 0);
  }

  /** Serves on loopback, on an ephemeral port (read it back from {@link Observability#port()}). */
  public static MetricsConfig ephemeral() {
    return new MetricsConfig(true, DEFAULT_ADDRESS, 0);
  }

  /** As this, with the virtual-thread meters on or off. */
  public MetricsConfig withVirtualThreads(boolean on) {
    return new MetricsConfig(serve, address, port, on);
  }

  /**
   * Reads the variables of the table above.
   *
   * @throws IllegalArgumentException naming the variable when a value is invalid
   */
  public static MetricsConfig fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    int port = values.integer(PORT_VARIABLE, 0, 0, 65_535);
    return new MetricsConfig(
        port != 0,
        values.string(ADDRESS_VARIABLE, DEFAULT_ADDRESS),
        port,
        values.bool(VIRTUAL_THREADS_VARIABLE, false));
  }
}
