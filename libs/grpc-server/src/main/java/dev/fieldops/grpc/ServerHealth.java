package dev.fieldops.grpc;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code grpc.health.v1.Health} answers.
 *
 * <p>Readiness: the overall status ({@code ""}) and each registered gRPC service start NOT_SERVING:
 * a service is ready only when its owner says so ({@link #markServing()}, after the database and
 * migrations are ready), its owner takes readiness back while a dependency the calls need is away
 * ({@link #markNotServing()}), and it becomes NOT_SERVING for good as soon as shutdown begins, so
 * balancers stop sending calls while in-flight ones drain.
 *
 * <p>Liveness: {@value #LIVENESS} is SERVING from the start of the server until shutdown begins,
 * whatever the dependencies do. It answers "is this process still able to answer", so an
 * orchestrator restarts a wedged process but never every replica because the database is away.
 *
 * <p>Owners may publish more components (a dependency's state, for example) with {@link
 * #setStatus}; they do not change readiness by themselves.
 */
public final class ServerHealth {

  /** The name under which the overall status (readiness) is reported. */
  public static final String OVERALL = HealthStatusManager.SERVICE_NAME_ALL_SERVICES;

  /** The name under which liveness is reported. */
  public static final String LIVENESS = "fieldops.liveness";

  private final HealthStatusManager manager = new HealthStatusManager();
  private final Set<String> services;
  private final Map<String, ServingStatus> current = new ConcurrentHashMap<>();
  private volatile boolean terminal;

  ServerHealth(List<String> serviceNames) {
    Set<String> names = new LinkedHashSet<>();
    names.add(OVERALL);
    names.addAll(serviceNames);
    this.services = Set.copyOf(names);
    for (String name : names) {
      setStatus(name, ServingStatus.NOT_SERVING);
    }
    setStatus(LIVENESS, ServingStatus.SERVING);
  }

  /** Reports the overall status and every registered service as SERVING (ready). */
  public void markServing() {
    setAll(ServingStatus.SERVING);
  }

  /**
   * Reports the overall status and every registered service as NOT_SERVING (a dependency is down);
   * {@link #markServing()} undoes it until shutdown begins. Liveness stays as it is.
   */
  public void markNotServing() {
    setAll(ServingStatus.NOT_SERVING);
  }

  /** Sets one component's status; ignored once shutdown has begun. */
  public void setStatus(String service, ServingStatus status) {
    if (terminal) {
      return;
    }
    current.put(service, status);
    manager.setStatus(service, status);
  }

  /** The status last set for {@code service}; empty when none was. */
  public Optional<ServingStatus> status(String service) {
    return terminal
        ? Optional.of(ServingStatus.NOT_SERVING)
        : Optional.ofNullable(current.get(service));
  }

  void enterTerminalState() {
    terminal = true;
    manager.enterTerminalState();
  }

  BindableService service() {
    return manager.getHealthService();
  }

  private void setAll(ServingStatus status) {
    for (String name : services) {
      setStatus(name, status);
    }
  }
}
