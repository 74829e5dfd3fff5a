package dev.fieldops.system.faults;

import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.DeviceKind;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.test.grpc.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of commands through the public API while a fault is injected: callers register
 * devices for one customer at a bounded rate, each request with its own {@code request_id}, and the
 * load remembers what was acknowledged, what failed with which code, and the slowest answer. A
 * well-behaved client retries a failed request with the same {@code request_id}; {@link
 * #retryFailed} does that after the fault, so that in the end every request is acknowledged once
 * and the counts can be compared with what the system stored and published.
 */
final class RegistrationLoad {

  private final ManagedChannel channel;
  private final String token;
  private final String customer;
  private final Duration deadline;
  private final int callers;
  private final Duration pause;
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, Status.Code> failing = new ConcurrentHashMap<>();
  private final Map<Status.Code, AtomicLong> failures = new ConcurrentHashMap<>();
  private final AtomicLong maxLatencyNanos = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  RegistrationLoad(
      ManagedChannel channel,
      String token,
      String customer,
      int callers,
      int perSecondEach,
      Duration deadline) {
    this.channel = channel;
    this.token = token;
    this.customer = customer;
    this.deadline = deadline;
    this.callers = callers;
    this.pause = Duration.ofMillis(1000 / perSecondEach);
  }

  RegistrationLoad start() {
    running = true;
    for (int i = 0; i < callers; i++) {
      threads.add(Thread.ofVirtual().name("load-" + i).start(this::call));
    }
    return this;
  }

  private void call() {
    while (running) {
      long started = System.nanoTime();
      send(UUID.randomUUID().toString());
      long left = pause.toNanos() - (System.nanoTime() - started);
      if (left > 0) {
        try {
          // Pacing the load generator, not synchronising the test.
          TimeUnit.NANOSECONDS.sleep(left);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Sends one registration; returns whether it was acknowledged. */
  private boolean send(String requestId) {
    long started = System.nanoTime();
    try {
      var device =
          TestTokens.withToken(TelemetryServiceGrpc.newBlockingStub(channel), token)
              .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .registerDevice(
                  RegisterDeviceRequest.newBuilder()
                      .setRequestId(requestId)
                      .setDevice(
                          Device.newBuilder()
                              .setCustomerId(customer)
                              .setDisplayName("Freezer")
                              .setLocation("Cold room")
                              .setKind(DeviceKind.DEVICE_KIND_FREEZER))
                      .build())
              .getDevice();
      acknowledged.put(requestId, device.getDeviceId());
      failing.remove(requestId);
      return true;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      failures.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
      failing.put(requestId, code);
      return false;
    } finally {
      maxLatencyNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
    }
  }

  /** Stops the callers and waits for the calls in flight. */
  RegistrationLoad stop() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(deadline.plusSeconds(5));
    }
    return this;
  }

  /**
   * Sends every request whose last attempt failed again, with its {@code request_id}, until all are
   * acknowledged or {@code within} has passed; returns how many were retried.
   */
  int retryFailed(Duration within) throws InterruptedException {
    int retried = failing.size();
    long end = System.nanoTime() + within.toNanos();
    while (!failing.isEmpty() && System.nanoTime() < end) {
      for (String requestId : List.copyOf(failing.keySet())) {
        send(requestId);
      }
      if (!failing.isEmpty()) {
        Thread.sleep(200); // the client's back-off between retries
      }
    }
    return retried;
  }

  String customer() {
    return customer;
  }

  /** Acknowledged request ids with the device each created. */
  Map<String, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  /** Requests whose last attempt failed. */
  Map<String, Status.Code> failing() {
    return Map.copyOf(failing);
  }

  /** Failed attempts by status code (a retried request counts once per failed attempt). */
  Map<Status.Code, Long> failures() {
    Map<Status.Code, Long> counts = new java.util.TreeMap<>();
    failures.forEach((code, count) -> counts.put(code, count.get()));
    return counts;
  }

  long failedAttempts() {
    return failures.values().stream().mapToLong(AtomicLong::get).sum();
  }

  Duration maxLatency() {
    return Duration.ofNanos(maxLatencyNanos.get());
  }
}
