package dev.fieldops.test.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs a pgbench command line for a benchmark's reference figure. The PostgreSQL server is shared
 * with other work on the machine, whose connections can leave pgbench's clients without a slot
 * ({@code too many clients already}); such a run is started again after a pause (up to 10 attempts)
 * rather than failing the whole benchmark after minutes of measuring.
 *
 * <p>Its sessions write outbox rows as a service does: without the trigger's {@code NOTIFY} (a
 * service's writer wakes its relay in process and sets {@code fieldops.outbox_wakeup} for its
 * transaction; pgbench sets it for the session through {@code PGOPTIONS}), so the twin of a write
 * does not queue on the lock that serializes notifying commits while the service does not.
 */
public final class Pgbench {

  private static final int ATTEMPTS = 10;
  private static final long PAUSE_MILLIS = 3_000;

  private Pgbench() {}

  /** What one finished pgbench run printed, and its exit status. */
  public record Run(int exit, String output) {}

  /** Runs {@code command}; a run refused for want of connection slots is started again. */
  public static Run run(List<String> command) throws IOException, InterruptedException {
    Run run = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      var builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("PGOPTIONS", "-c fieldops.outbox_wakeup=in_process");
      var process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      run = new Run(process.waitFor(), output);
      if (!output.contains("too many clients already")) {
        return run;
      }
      System.out.println(
          "pgbench: the server had no free connection slots (other work on it); attempt "
              + attempt
              + " of "
              + ATTEMPTS
              + ", trying again");
      Thread.sleep(PAUSE_MILLIS);
    }
    return run;
  }
}
