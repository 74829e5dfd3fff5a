package dev.fieldops.runtime;

import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.nats.inbox.ConsumerSupervisor;
import io.grpc.BindableService;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a service's wiring hands back to the runtime: its gRPC services with their method policy,
 * the periodic jobs it needs, resources to close on shutdown (closed in reverse order, after
 * in-flight calls have drained and before the relay, NATS and the database), and the consumers of
 * other contexts' events it started, if any: the runtime reports each one's health as {@value
 * ServiceRuntime#CONSUMER_HEALTH_PREFIX}{@code <durable>} and stops them first on shutdown.
 */
public record Application(
    List<BindableService> services,
    MethodPolicy methodPolicy,
    List<PeriodicJob> jobs,
    List<AutoCloseable> resources,
    Optional<ConsumerSupervisor> consumers) {

  public Application {
    services = List.copyOf(services);
    jobs = List.copyOf(jobs);
    resources = List.copyOf(resources);
    Objects.requireNonNull(consumers, "consumers");
  }

  /** An application that consumes no other context's events. */
  public Application(
      List<BindableService> services,
      MethodPolicy methodPolicy,
      List<PeriodicJob> jobs,
      List<AutoCloseable> resources) {
    this(services, methodPolicy, jobs, resources, Optional.empty());
  }

  /** An application with consumers of other contexts' events. */
  public Application(
      List<BindableService> services,
      MethodPolicy methodPolicy,
      List<PeriodicJob> jobs,
      List<AutoCloseable> resources,
      ConsumerSupervisor consumers) {
    this(services, methodPolicy, jobs, resources, Optional.of(consumers));
  }
}
