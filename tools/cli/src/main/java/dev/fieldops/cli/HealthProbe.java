package dev.fieldops.cli;

import dev.fieldops.grpc.client.ClientTransport;
import dev.fieldops.grpc.client.GrpcChannels;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>TLS as the other clients: {@code FIELDOPS_TLS_CA_FILE}, {@code FIELDOPS_PLAINTEXT=true}
 * ({@link TransportOptions}), or the leading options {@code --ca-file PEM} / {@code --plaintext}.
 */
public final class HealthProbe {

  /** The health services {@code --report} asks for when none are named. */
  static final String DEFAULT_REPORT =
      "\"\" fieldops.liveness fieldops.database fieldops.events fieldops.events.history";

  private HealthProbe() {}

  public static void main(String[] args) throws InterruptedException {
    try {
      System.exit(run(args, System.out, System.err));
    } catch (IllegalArgumentException | IllegalStateException badSetting) {
      System.err.println("fieldops health: " + badSetting.getMessage());
      System.exit(2);
    }
  }

  /**
   * Runs the probe with {@code args} as {@link #main}, printing to {@code out}; returns the exit
   * status.
   */
  public static int run(String[] args, PrintStream out, PrintStream err)
      throws InterruptedException {
    ClientTransport transport = TransportOptions.fromEnvironment(System.getenv());
    // Leading transport options override the environment.
    int taken = 0;
    while (taken < args.length) {
      if (args[taken].equals("--plaintext")) {
        transport = ClientTransport.plaintextForDevelopment();
        taken++;
      } else if (args[taken].equals("--ca-file") && taken + 1 < args.length) {
        transport = ClientTransport.trusting(Path.of(args[taken + 1]));
        taken += 2;
      } else {
        break;
      }
    }
    return run(Arrays.copyOfRange(args, taken, args.length), transport, out, err);
  }

  private static int run(String[] args, ClientTransport transport, PrintStream out, PrintStream err)
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
      return report(channel(args[1], transport), args[1], services, out);
    }
    Duration wait = Duration.ofSeconds(90);
    int first = 0;
    if (args.length >= 2 && args[0].equals("--wait")) {
      wait = Duration.parse("PT" + args[1].toUpperCase(java.util.Locale.ROOT));
      first = 2;
    }
    if (args.length <= first) {
      err.println("usage: HealthProbe [--plaintext | --ca-file PEM] [--wait 90s] HOST:PORT...");
      err.println(
          "       HealthProbe [--plaintext | --ca-file PEM] --report HOST:PORT [SERVICE...]");
      return 2;
    }
    Instant deadline = Instant.now().plus(wait);
    boolean allServing = true;
    for (int i = first; i < args.length; i++) {
      allServing &= awaitServing(channel(args[i], transport), args[i], deadline, out);
    }
    return allServing ? 0 : 1;
  }

  private static int report(
      ManagedChannel channel, String target, List<String> services, PrintStream out)
      throws InterruptedException {
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

  private static ManagedChannel channel(String target, ClientTransport transport) {
    return GrpcChannels.builder(target, transport).build();
  }

  private static ServingStatus check(ManagedChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  private static boolean awaitServing(
      ManagedChannel channel, String target, Instant deadline, PrintStream out)
      throws InterruptedException {
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
