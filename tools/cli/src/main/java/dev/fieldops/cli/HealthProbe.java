package dev.fieldops.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks gRPC servers' {@code grpc.health.v1.Health/Check}, for scripts and operators.
 *
 * <ul>
 *   <li>{@code HealthProbe [--wait 90s] HOST:PORT...} waits until every server reports SERVING
 *       overall (readiness), the way scripts must wait for a JVM service instead of sleeping.
 *       Prints one line per target; exits 0 when all serve, 1 when one did not within the wait.
 *   <li>{@code HealthProbe --report HOST:PORT [SERVICE...]} prints the status of each health
 *       service of one server, by default readiness ({@code ""}), liveness and the platform's
 *       dependencies ({@value #DEFAULT_REPORT}); exits 0 when all are SERVING, 1 otherwise.
 * </ul>
 */
public final class HealthProbe {

  /** The health services {@code --report} asks for when none are named. */
  static final String DEFAULT_REPORT =
      "\"\" fieldops.liveness fieldops.database fieldops.events fieldops.events.history";

  private HealthProbe() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the probe with {@code args} as {@link #main}, printing to {@code out}; returns the exit
   * status.
   */
  public static int run(String[] args, PrintStream out, PrintStream err)
      throws InterruptedException {
    if (args.length >= 2 && args[0].equals("--report")) {
      List<String> services = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        services.add(args[i].equals("\"\"") || args[i].equals("overall") ? "" : args[i]);
      }
      if (services.isEmpty()) {
        for (String name : DEFAULT_REPORT.split(" ")) {
          services.add(name.equals("\"\"") ? "" : name);
        }
      }
      return report(args[1], services, out);
    }
    Duration wait = Duration.ofSeconds(90);
    int first = 0;
    if (args.length >= 2 && args[0].equals("--wait")) {
      wait = Duration.parse("PT" + args[1].toUpperCase(java.util.Locale.ROOT));
      first = 2;
    }
    if (args.length <= first) {
      err.println("usage: HealthProbe [--wait 90s] HOST:PORT...");
      err.println("       HealthProbe --report HOST:PORT [SERVICE...]");
      return 2;
    }
    Instant deadline = Instant.now().plus(wait);
    boolean allServing = true;
    for (int i = first; i < args.length; i++) {
      allServing &= awaitServing(args[i], deadline, out);
    }
    return allServing ? 0 : 1;
  }

  private static int report(String target, List<String> services, PrintStream out)
      throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      boolean allServing = true;
      for (String service : services) {
        String status;
        try {
          status = check(channel, service).name();
        } catch (StatusRuntimeException e) {
          // NOT_FOUND: the server does not know this health service.
          status = e.getStatus().getCode().name();
        }
        allServing &= status.equals(ServingStatus.SERVING.name());
        out.printf("%-45s %s%n", service.isEmpty() ? "\"\" (readiness)" : service, status);
      }
      return allServing ? 0 : 1;
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  private static ServingStatus check(ManagedChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  private static boolean awaitServing(String target, Instant deadline, PrintStream out)
      throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      String last = "no answer";
      // At least one check, however short the wait: a slow start of this JVM must not turn into
      // "no answer" without the target ever being asked.
      do {
        try {
          ServingStatus status = check(channel, "");
          if (status == ServingStatus.SERVING) {
            out.println(target + " SERVING");
            return true;
          }
          last = status.name();
        } catch (StatusRuntimeException e) {
          last = e.getStatus().getCode().name();
          // A refused connection puts the channel into exponential backoff (1 s, 1.6 s, 2.6 s,
          // ...):
          // without a reset, a server that starts listening meanwhile is seen only seconds later.
          channel.resetConnectBackoff();
        }
        Thread.sleep(250); // polling a remote process: there is nothing to await on
      } while (Instant.now().isBefore(deadline));
      out.println(target + " not serving (" + last + ")");
      return false;
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
