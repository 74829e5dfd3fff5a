package dev.fieldops.runtime;

import dev.fieldops.grpc.MethodPolicy;
import io.grpc.BindableService;
import java.util.List;

/**
 * What a service's wiring hands back to the runtime: its gRPC services with their method policy,
 * the periodic jobs it needs, and resources to close on shutdown (closed in reverse order, after
 * in-flight calls have drained and before the relay, NATS and the database).
 */
public record Application(
    List<BindableService> services,
    MethodPolicy methodPolicy,
    List<PeriodicJob> jobs,
    List<AutoCloseable> resources) {

  public Application {
    services = List.copyOf(services);
    jobs = List.copyOf(jobs);
    resources = List.copyOf(resources);
  }
}
