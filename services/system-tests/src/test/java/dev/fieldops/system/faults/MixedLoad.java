package dev.fieldops.system.faults;

import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.ResolveTicketRequest;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.TicketStatus;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A steady mixed load through the load balancers while a fault is injected, for one customer:
 * tickets created, taken up and resolved in customer-support (each resolution becomes a charge in
 * invoicing), devices registered in telemetry (each becomes a monitored device and a monitoring
 * charge in invoicing). Every call carries a deadline; creating calls carry a {@code request_id}.
 * The load remembers what was acknowledged, every failed attempt by status code, failures that took
 * longer than their deadline, and the slowest answer. After the fault, {@link #retryFailed} does
 * what a well-behaved client does: it sends each failed creation again with the same {@code
 * request_id}, and re-reads a ticket whose resolution failed before resolving it again.
 */
final class MixedLoad {

  private final ManagedChannel support;
  private final ManagedChannel telemetry;
  private final String token;
  private final String customer;
  private final Duration deadline;
  private final int callers;
  private final Duration pause;
  private final Map<String, String> tickets = new ConcurrentHashMap<>();
  private final Set<String> resolved = ConcurrentHashMap.newKeySet();
  private final Map<String, String> devices = new ConcurrentHashMap<>();
  private final Map<String, Boolean> failingCreates = new ConcurrentHashMap<>();
  private final Set<String> failingResolves = ConcurrentHashMap.newKeySet();
  private final Map<Status.Code, AtomicLong> failures = new ConcurrentHashMap<>();
  private final AtomicLong overdue = new AtomicLong();
  private final AtomicLong maxLatencyNanos = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  MixedLoad(
      ManagedChannel support,
      ManagedChannel telemetry,
      String token,
      String customer,
      int callers,
      int perSecondEach,
      Duration deadline) {
    this.support = support;
    this.telemetry = telemetry;
    this.token = token;
    this.customer = customer;
    this.deadline = deadline;
    this.callers = callers;
    this.pause = Duration.ofMillis(1000 / perSecondEach);
  }

  MixedLoad start() {
    running = true;
    for (int i = 0; i < callers; i++) {
      boolean ticketCaller = i % 2 == 0;
      threads.add(
          Thread.ofVirtual()
              .name("mixed-load-" + i)
              .start(() -> call(ticketCaller ? this::ticketRound : this::deviceRound)));
    }
    return this;
  }

  private void call(Runnable round) {
    while (running) {
      long started = System.nanoTime();
      round.run();
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

  private void ticketRound() {
    String requestId = UUID.randomUUID().toString();
    Ticket ticket = createTicket(requestId);
    if (ticket != null) {
      resolve(ticket);
    }
  }

  private void deviceRound() {
    registerDevice(UUID.randomUUID().toString());
  }

  private Ticket createTicket(String requestId) {
    Ticket ticket =
        attempt(
            () ->
                supportStub()
                    .createTicket(
                        CreateTicketRequest.newBuilder()
                            .setRequestId(requestId)
                            .setTicket(
                                Ticket.newBuilder()
                                    .setCustomerId(customer)
                                    .setSubject("Compressor noise")
                                    .setChannel(TicketChannel.TICKET_CHANNEL_EMAIL))
                            .build())
                    .getTicket());
    if (ticket == null) {
      failingCreates.put(requestId, true);
      return null;
    }
    failingCreates.remove(requestId);
    tickets.put(requestId, ticket.getTicketId());
    return ticket;
  }

  /**
   * Takes the ticket up (assigning the current assignee again changes nothing) and resolves it with
   * the etag it then has: a NEW ticket is taken up before it is resolved.
   */
  private void resolve(Ticket ticket) {
    Ticket open = ticket;
    if (ticket.getStatus() != TicketStatus.TICKET_STATUS_OPEN) {
      open =
          attempt(
              () ->
                  supportStub()
                      .assignTicket(
                          AssignTicketRequest.newBuilder()
                              .setTicketId(ticket.getTicketId())
                              .setAssignee("agent-faults")
                              .build())
                      .getTicket());
      if (open == null) {
        failingResolves.add(ticket.getTicketId());
        return;
      }
    }
    Ticket assigned = open;
    Ticket done =
        attempt(
            () ->
                supportStub()
                    .resolveTicket(
                        ResolveTicketRequest.newBuilder()
                            .setTicketId(assigned.getTicketId())
                            .setResolution("Fan bearing replaced.")
                            .setBillableMinutes(15)
                            .setEtag(assigned.getEtag())
                            .build())
                    .getTicket());
    if (done == null) {
      failingResolves.add(ticket.getTicketId());
    } else {
      failingResolves.remove(ticket.getTicketId());
      resolved.add(ticket.getTicketId());
    }
  }

  private void registerDevice(String requestId) {
    Device device =
        attempt(
            () ->
                TestTokens.withToken(TelemetryServiceGrpc.newBlockingStub(telemetry), token)
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
                    .getDevice());
    if (device == null) {
      failingCreates.put(requestId, false);
    } else {
      failingCreates.remove(requestId);
      devices.put(requestId, device.getDeviceId());
    }
  }

  private CustomerSupportServiceGrpc.CustomerSupportServiceBlockingStub supportStub() {
    return TestTokens.withToken(CustomerSupportServiceGrpc.newBlockingStub(support), token)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One call: its answer, or null after counting its failure. */
  private <T> T attempt(Supplier<T> call) {
    long started = System.nanoTime();
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      failures.computeIfAbsent(e.getStatus().getCode(), c -> new AtomicLong()).incrementAndGet();
      if (System.nanoTime() - started > deadline.plusSeconds(1).toNanos()) {
        overdue.incrementAndGet();
      }
      return null;
    } finally {
      maxLatencyNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
    }
  }

  /** Stops the callers and waits for the calls in flight. */
  MixedLoad stop() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(deadline.multipliedBy(2).plusSeconds(5));
    }
    return this;
  }

  /**
   * Sends every failed creation again with its {@code request_id} and settles every ticket whose
   * resolution failed (re-read: resolved already, or resolved now with the current etag), until
   * nothing is left or {@code within} has passed.
   */
  void retryFailed(Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while ((!failingCreates.isEmpty() || !failingResolves.isEmpty()) && System.nanoTime() < end) {
      for (var create : List.copyOf(failingCreates.entrySet())) {
        if (create.getValue()) {
          // The first outcome may be older than the ticket (resolved meanwhile): settled below
          // from the ticket as it is now.
          Ticket ticket = createTicket(create.getKey());
          if (ticket != null) {
            failingResolves.add(ticket.getTicketId());
          }
        } else {
          registerDevice(create.getKey());
        }
      }
      for (String ticketId : List.copyOf(failingResolves)) {
        Ticket current =
            attempt(
                () ->
                    supportStub()
                        .getTicket(GetTicketRequest.newBuilder().setTicketId(ticketId).build())
                        .getTicket());
        if (current != null && current.getStatus() == TicketStatus.TICKET_STATUS_RESOLVED) {
          failingResolves.remove(ticketId);
          resolved.add(ticketId);
        } else if (current != null) {
          resolve(current);
        }
      }
      if (!failingCreates.isEmpty() || !failingResolves.isEmpty()) {
        Thread.sleep(200); // the client's back-off between retries
      }
    }
  }

  String customer() {
    return customer;
  }

  /** Acknowledged ticket creations: request id to ticket id. */
  Map<String, String> tickets() {
    return Map.copyOf(tickets);
  }

  /** Tickets whose resolution was acknowledged. */
  Set<String> resolved() {
    return Set.copyOf(resolved);
  }

  /** Acknowledged device registrations: request id to device id. */
  Map<String, String> devices() {
    return Map.copyOf(devices);
  }

  long acknowledged() {
    return tickets.size() + resolved.size() + devices.size();
  }

  /** Commands still failing after the retries. */
  int unsettled() {
    return failingCreates.size() + failingResolves.size();
  }

  /** Failed attempts by status code (a retried command counts once per failed attempt). */
  Map<Status.Code, Long> failures() {
    Map<Status.Code, Long> counts = new TreeMap<>();
    failures.forEach((code, count) -> counts.put(code, count.get()));
    return counts;
  }

  /** Failed attempts that took longer than their deadline (and a second): hangs. */
  long overdue() {
    return overdue.get();
  }

  Duration maxLatency() {
    return Duration.ofNanos(maxLatencyNanos.get());
  }
}
