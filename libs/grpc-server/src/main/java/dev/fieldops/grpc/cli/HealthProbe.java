package dev.fieldops.grpc.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Waits until gRPC servers report SERVING on {@code grpc.health.v1.Health/Check}, the way scripts
 * must wait for a JVM service instead of sleeping: {@code HealthProbe [--wait 90s] HOST:PORT...}.
 * Prints one line per target and exits 0 when all serve, 1 when one did not within the wait.
 */
public final class HealthProbe {

  private HealthProbe() {}

  public static void main(String[] args) throws InterruptedException {
    Duration wait = Duration.ofSeconds(90);
    int first = 0;
    if (args.length >= 2 && args[0].equals("--wait")) {
      wait = Duration.parse("PT" + args[1].toUpperCase(java.util.Locale.ROOT));
      first = 2;
    }
    if (args.length <= first) {
      System.err.println("usage: HealthProbe [--wait 90s] HOST:PORT...");
      System.exit(2);
    }
    Instant deadline = Instant.now().plus(wait);
    boolean allServing = true;
    for (int i = first; i < args.length; i++) {
      allServing &= awaitServing(args[i], deadline);
    }
    System.exit(allServing ? 0 : 1);
  }

  private static boolean awaitServing(String target, Instant deadline) throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      String last = "no answer";
      // At least one check, however short the wait: a slow start of this JVM must not turn into
      // "no answer" without the target ever being asked.
      do {
        try {
          ServingStatus status = HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .check(HealthCheckRequest.getDefaultInstance())
              .getStatus();
          if (status == ServingStatus.SERVING) {
            System.out.println(target + " SERVING");
            return true;
          }
          last = status.name();
        } catch (StatusRuntimeException e) {
          last = e.getStatus().getCode().name();
          // A refused connection puts the channel into exponential backoff (1 s, 1.6 s, 2.6 s, ...):
          // without a reset, a server that starts listening meanwhile is seen only seconds later.
          channel.resetConnectBackoff();
        }
        Thread.sleep(250); // polling a remote process: there is nothing to await on
      } while (Instant.now().isBefore(deadline));
      System.out.println(target + " not serving (" + last + ")");
      return false;
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
