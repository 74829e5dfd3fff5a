package dev.fieldops.test.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What every benchmark prints besides its figures: the machine (cores, JDK), the JVM's collector
 * and heap bound (a benchmark runs the service in its own JVM: the figures are of these flags,
 * which should be the services' own, {@code deploy/jvm/service.flags}), its load average from
 * {@code /proc/loadavg} (the figures move with whatever else runs), and the median of rounds.
 */
public final class Machine {

  /** The flag that selects each collector, and the collector's name in the machine line. */
  private static final List<Map.Entry<String, String>> COLLECTORS =
      List.of(
          Map.entry("UseSerialGC", "serial"),
          Map.entry("UseParallelGC", "parallel"),
          Map.entry("UseG1GC", "G1"),
          Map.entry("UseZGC", "Z"),
          Map.entry("UseShenandoahGC", "Shenandoah"));

  private Machine() {}

  /**
   * {@code "2 cores, JDK 25.0.3+9-LTS, serial collector, heap at most 5827 MB, load average at
   * start 0.51 0.42 0.30 ..."}.
   */
  public static String describe() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, JDK "
        + Runtime.version()
        + ", "
        + jvm()
        + ", load average at start "
        + loadAverage();
  }

  /**
   * {@code "serial collector, heap at most 5827 MB"}: what of this JVM's flags moves a service's
   * figures most. The services run with {@code deploy/jvm/service.flags} (the serial collector, a
   * heap that starts at 16 MB); a benchmark run without them ({@code
   * MAVEN_OPTS=@deploy/jvm/service.flags}, as README's commands pass) measures the JVM's own choice
   * (G1 and a quarter of the machine's memory on 2 cores), and the line says so.
   */
  public static String jvm() {
    String collector = collector();
    return collector
        + " collector"
        + ("serial".equals(collector)
            ? ""
            : " (not the services' flags: MAVEN_OPTS=@deploy/jvm/service.flags)")
        + ", heap at most "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + " MB";
  }

  /** The JVM's garbage collector: "serial" (the services' flags), "G1" (the JVM's choice here)… */
  public static String collector() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    for (Map.Entry<String, String> flag : COLLECTORS) {
      try {
        if (Boolean.parseBoolean(vm.getVMOption(flag.getKey()).getValue())) {
          return flag.getValue();
        }
      } catch (IllegalArgumentException e) {
        // not an option of this JVM
      }
    }
    return "unknown";
  }

  /** The line of {@code /proc/loadavg} (1, 5 and 15 minutes, then tasks), or "unknown". */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The median of {@code values} (the mean of the middle two of an even count), NaN if none. */
  public static double median(Collection<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The median of {@code values} (the mean of the middle two of an even count), NaN if none. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
