package dev.fieldops.grpc;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code grpc.health.v1.Health} answers. The overall status ({@code ""}) and each registered
 * service start NOT_SERVING: a service is ready only when its owner says so ({@link
 * #markServing()}, after the database and migrations are ready), and becomes NOT_SERVING for good
 * as soon as shutdown begins, so balancers stop sending calls while in-flight ones drain. Owners
 * may publish more components (for example the outbox relay's NATS connection) with {@link
 * #setStatus}.
 */
public final class ServerHealth {

  /** The name under which the overall status is reported. */
  public static final String OVERALL = HealthStatusManager.SERVICE_NAME_ALL_SERVICES;

  private final HealthStatusManager manager = new HealthStatusManager();
  private final Set<String> services;

  ServerHealth(List<String> serviceNames) {
    Set<String> names = new LinkedHashSet<>();
    names.add(OVERALL);
    names.addAll(serviceNames);
    this.services = Set.copyOf(names);
    for (String name : names) {
      manager.setStatus(name, ServingStatus.NOT_SERVING);
    }
  }

  /** Reports the overall status and every registered service as SERVING. */
  public void markServing() {
    setAll(ServingStatus.SERVING);
  }

  /**
   * Reports the overall status and every registered service as NOT_SERVING (a dependency is down);
   * {@link #markServing()} undoes it until shutdown begins.
   */
  public void markNotServing() {
    setAll(ServingStatus.NOT_SERVING);
  }

  /** Sets one component's status; ignored once shutdown has begun. */
  public void setStatus(String service, ServingStatus status) {
    manager.setStatus(service, status);
  }

  void enterTerminalState() {
    manager.enterTerminalState();
  }

  BindableService service() {
    return manager.getHealthService();
  }

  private void setAll(ServingStatus status) {
    for (String name : services) {
      manager.setStatus(name, status);
    }
  }
}
