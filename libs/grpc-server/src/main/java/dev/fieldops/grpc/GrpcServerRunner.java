package dev.fieldops.grpc;

import build.buf.protovalidate.Validator;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import dev.fieldops.grpc.auth.AuthConfig;
import dev.fieldops.grpc.auth.TokenVerifier;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Runs one service's gRPC server: the application services behind the full {@link
 * InterceptorChain}, health ({@code grpc.health.v1}) and reflection (v1 and v1alpha), handlers on
 * virtual threads, the limits of {@link GrpcServerConfig}, and a graceful shutdown.
 *
 * <pre>{@code
 * GrpcServerRunner runner = GrpcServerRunner
 *     .builder(GrpcServerConfig.fromEnvironment(50051), AuthConfig.fromEnvironment(),
 *         "support.fieldops.dev")
 *     .addService(customerSupportGrpcService)
 *     .methodPolicy(SupportMethodPolicy.POLICY)
 *     .onStop(relay, dataSource)          // closed in reverse order after the calls drained
 *     .shutdownHook(true)
 *     .build()
 *     .start();
 * runner.markServing();                   // once the database and migrations are ready
 * runner.awaitTermination();
 * }</pre>
 *
 * <p>Shutdown ({@link #close()}, or the JVM hook): health turns NOT_SERVING, the server stops
 * accepting calls, in-flight calls get up to {@link GrpcServerConfig#shutdownGrace()} to finish,
 * then the rest are cancelled, and the {@code onStop} resources are closed last to first.
 */
public final class GrpcServerRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GrpcServerRunner.class);
  private static final Duration AFTER_CANCEL_WAIT = Duration.ofSeconds(5);

  private final GrpcServerConfig config;
  private final AbuseLimits abuseLimits;
  private final ServerHealth health;
  private final List<ServerServiceDefinition> services;
  private final List<AutoCloseable> resources;
  private final List<Consumer<ServerBuilder<?>>> serverConfigurers;
  private final boolean shutdownHook;
  private final ScheduledExecutorService deadlineTimer;
  private final Object lifecycle = new Object();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();

  private Server server;
  private ExecutorService executor;
  private ServerTls transportSecurity;
  private Thread hook;
  private boolean started;
  private boolean stopping;

  private GrpcServerRunner(
      Builder builder,
      ScheduledExecutorService deadlineTimer,
      List<ServerServiceDefinition> services,
      ServerHealth health) {
    this.config = builder.config;
    this.abuseLimits = builder.abuseLimits;
    this.resources = List.copyOf(builder.resources);
    this.shutdownHook = builder.shutdownHook;
    this.deadlineTimer = deadlineTimer;
    this.services = List.copyOf(services);
    this.health = health;
    this.serverConfigurers = List.copyOf(builder.serverConfigurers);
  }

  /**
   * Starts building a runner.
   *
   * @param errorDomain the {@code ErrorInfo.domain} of this service's errors, e.g. {@code
   *     support.fieldops.dev}
   */
  public static Builder builder(
      GrpcServerConfig config, TokenVerifier verifier, String errorDomain) {
    return new Builder(config, verifier, errorDomain);
  }

  /** As {@link #builder(GrpcServerConfig, TokenVerifier, String)}, loading the keys now. */
  public static Builder builder(GrpcServerConfig config, AuthConfig auth, String errorDomain) {
    return new Builder(config, auth.createVerifier(), errorDomain);
  }

  /**
   * Starts the Netty server on {@link GrpcServerConfig#bindAddress()}:{@link
   * GrpcServerConfig#port()} with every limit of the configuration, over TLS (certificate files
   * reloaded when they change, client certificates verified when a client CA is set) or, only when
   * explicitly configured, plaintext ({@link ServerTransport}).
   *
   * @throws IOException when the port cannot be bound
   * @throws IllegalStateException when neither TLS nor plaintext is configured, or the TLS files
   *     cannot be read
   */
  public GrpcServerRunner start() throws IOException {
    ServerTls tls = ServerTls.open(config.transport());
    NettyServerBuilder netty =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(config.bindAddress(), config.port()), tls.credentials())
            .maxConcurrentCallsPerConnection(config.maxConcurrentCallsPerConnection())
            .maxRstFramesPerWindow(
                config.maxRstFramesPerWindow(),
                Math.toIntExact(config.rstFramesWindow().toSeconds()))
            .permitKeepAliveTime(config.permitKeepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
            .permitKeepAliveWithoutCalls(false)
            .keepAliveTime(config.keepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(config.keepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
            .maxConnectionIdle(config.maxConnectionIdle().toNanos(), TimeUnit.NANOSECONDS);
    netty.handshakeTimeout(config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    if (abuseLimits.maxConnectionAge().isPositive()) {
      // The server sends GOAWAY at the age; clients open a new connection for new calls (grpc-java
      // and grpc-go do it transparently) and calls in flight get the grace to finish.
      netty
          .maxConnectionAge(abuseLimits.maxConnectionAge().toNanos(), TimeUnit.NANOSECONDS)
          .maxConnectionAgeGrace(
              abuseLimits.maxConnectionAgeGrace().toNanos(), TimeUnit.NANOSECONDS);
    }
    synchronized (lifecycle) {
      transportSecurity = tls;
    }
    try {
      return start(netty);
    } catch (IOException | RuntimeException e) {
      tls.close();
      throw e;
    }
  }

  /**
   * Starts the same services, chain and lifecycle on another transport, for example {@code
   * InProcessServerBuilder.forName(name)} in tests. Applies the executor and the message and
   * metadata size limits (the transport's metadata limit is {@link
   * GrpcServerConfig#transportMetadataBytes()}; the configured one is enforced by the chain);
   * transport-specific limits are the caller's.
   */
  public GrpcServerRunner start(ServerBuilder<?> serverBuilder) throws IOException {
    routeJavaUtilLoggingToSlf4j();
    synchronized (lifecycle) {
      if (started || stopping) {
        throw new IllegalStateException("a runner starts once");
      }
      executor =
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("grpc-handler-", 0).factory());
      serverConfigurers.forEach(configurer -> configurer.accept(serverBuilder));
      serverBuilder
          .executor(executor)
          .maxInboundMessageSize(config.maxInboundMessageBytes())
          .maxInboundMetadataSize(config.transportMetadataBytes());
      for (ServerServiceDefinition service : services) {
        serverBuilder.addService(service);
      }
      try {
        server = serverBuilder.build().start();
      } catch (IOException | RuntimeException e) {
        executor.shutdownNow();
        throw e;
      }
      started = true;
      if (shutdownHook) {
        hook = new Thread(this::close, "grpc-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
      }
    }
    log.info(
        "gRPC server listening on {} (health NOT_SERVING until ready)", server.getListenSockets());
    return this;
  }

  /**
   * grpc-java logs through {@code java.util.logging} (an HTTP/2 stream error such as a header block
   * beyond the transport's limit, a failure in a transport thread): without this, those lines go to
   * stderr as multi-line text beside the service's JSON log. Routed into SLF4J they become JSON
   * lines like every other.
   */
  private static void routeJavaUtilLoggingToSlf4j() {
    synchronized (SLF4JBridgeHandler.class) {
      if (!SLF4JBridgeHandler.isInstalled()) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
      }
    }
  }

  /** The bound port (the real one when configured with port 0); -1 for non-socket transports. */
  public int port() {
    synchronized (lifecycle) {
      if (server == null) {
        throw new IllegalStateException("not started");
      }
      return server.getPort();
    }
  }

  /** Health reporting, for components the owner tracks (NATS, relay). */
  public ServerHealth health() {
    return health;
  }

  /** Reports SERVING: call once the database, migrations and other prerequisites are ready. */
  public void markServing() {
    health.markServing();
    log.info("serving");
  }

  /**
   * Every service as registered with the server: the application services wrapped in the full
   * interceptor chain, plus health and (if enabled) reflection. For hosting on another server, for
   * example an in-process one in tests, when {@link #start(ServerBuilder)} does not fit.
   */
  public List<ServerServiceDefinition> interceptedServices() {
    return services;
  }

  /** Blocks until the server has shut down and the resources are closed. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Graceful shutdown, as described on the class; idempotent, and a second caller waits for the
   * first to finish.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitQuietly();
      return;
    }
    Server running;
    synchronized (lifecycle) {
      stopping = true;
      running = server;
    }
    try {
      shutDown(running);
    } finally {
      terminated.countDown();
    }
  }

  private void shutDown(Server running) {
    health.enterTerminalState();
    boolean interrupted = false;
    if (running != null) {
      log.info("shutting down: NOT_SERVING, draining calls for up to {}", config.shutdownGrace());
      running.shutdown();
      try {
        if (!running.awaitTermination(config.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS)) {
          log.warn("calls still running after {}; cancelling them", config.shutdownGrace());
          running.shutdownNow();
          running.awaitTermination(AFTER_CANCEL_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        interrupted = true;
        running.shutdownNow();
      }
      ExecutorService handlers = executor;
      handlers.shutdown();
      try {
        if (!handlers.awaitTermination(AFTER_CANCEL_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
          handlers.shutdownNow();
        }
      } catch (InterruptedException e) {
        interrupted = true;
        handlers.shutdownNow();
      }
    }
    deadlineTimer.shutdownNow();
    ServerTls tls;
    synchronized (lifecycle) {
      tls = transportSecurity;
    }
    if (tls != null) {
      tls.close();
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      AutoCloseable resource = resources.get(i);
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("closing {} failed", resource, e);
        if (e instanceof InterruptedException) {
          interrupted = true;
        }
      }
    }
    removeHook();
    log.info("gRPC server stopped");
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void removeHook() {
    Thread registered;
    synchronized (lifecycle) {
      registered = hook;
      hook = null;
    }
    if (registered != null && Thread.currentThread() != registered) {
      try {
        Runtime.getRuntime().removeShutdownHook(registered);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The JVM is exiting anyway; the hook will find the runner closed.
      }
    }
  }

  private void awaitQuietly() {
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Collects the services, the policy and the resources of one server. */
  public static final class Builder {

    private final GrpcServerConfig config;
    private final TokenVerifier verifier;
    private ErrorMapper errors;
    private final Map<String, ServerServiceDefinition> applicationServices = new LinkedHashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Consumer<ServerBuilder<?>>> serverConfigurers = new ArrayList<>();
    private final List<FileDescriptor> describedFiles = new ArrayList<>();
    private MethodPolicy policy;
    private AbuseLimits abuseLimits = AbuseLimits.defaults();
    private boolean shutdownHook;
    private RequestRules requestRules;

    private Builder(GrpcServerConfig config, TokenVerifier verifier, String errorDomain) {
      this.config = Objects.requireNonNull(config, "config");
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      this.errors = new ErrorMapper(errorDomain);
    }

    /**
     * How failures of the platform below (the database's) are named as kernel exceptions; without
     * it they are internal errors. Services get the persistence library's from the runtime.
     */
    public Builder translateFailures(FailureTranslation translation) {
      this.errors = new ErrorMapper(errors.errorDomain(), translation);
      return this;
    }

    public Builder addService(BindableService service) {
      return addService(service.bindService());
    }

    public Builder addService(ServerServiceDefinition service) {
      String name = service.getServiceDescriptor().getName();
      if (applicationServices.putIfAbsent(name, service) != null) {
        throw new IllegalArgumentException("service " + name + " is already added");
      }
      return this;
    }

    /**
     * Lets {@code configurer} add to the transport's server builder before it is built, e.g. the
     * stream tracers of gRPC's standard metrics (grpc-opentelemetry); runs before our own settings.
     */
    public Builder configureServer(Consumer<ServerBuilder<?>> configurer) {
      serverConfigurers.add(Objects.requireNonNull(configurer, "configurer"));
      return this;
    }

    /** The service's authorization rules; every method of every added service needs one. */
    public Builder methodPolicy(MethodPolicy methodPolicy) {
      this.policy = Objects.requireNonNull(methodPolicy, "methodPolicy");
      return this;
    }

    /**
     * The per-principal rate and concurrency limits and the connection age ({@link
     * AbuseLimits#defaults()} unless set; services pass {@code AbuseLimits.fromEnvironment(env)}).
     */
    public Builder abuseLimits(AbuseLimits limits) {
      this.abuseLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Resources to close after the calls have drained, in reverse order of registration (register
     * the data source first, then what uses it).
     */
    public Builder onStop(AutoCloseable... toClose) {
      resources.addAll(Arrays.asList(toClose));
      return this;
    }

    /**
     * Makes the messages of these proto files resolvable through server reflection although no RPC
     * uses them: the events a service publishes on NATS, so that a subscriber can read an event's
     * schema from the running service ({@code grpcurl describe fieldops.support.v1.TicketOpened}).
     * Reflection then serves each application service's file as if it imported these files.
     */
    public Builder describeMessagesOf(FileDescriptor... files) {
      describedFiles.addAll(Arrays.asList(files));
      return this;
    }

    /**
     * The services' validation rules, compiled ahead ({@link RequestRules#compileInBackground}):
     * {@link #build()} waits for them instead of compiling. Rules that miss a request type of an
     * added service are not used; the build compiles all of them itself.
     */
    public Builder requestRules(RequestRules rules) {
      this.requestRules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** Whether {@link #start()} registers a JVM shutdown hook that closes the runner. */
    public Builder shutdownHook(boolean register) {
      this.shutdownHook = register;
      return this;
    }

    /**
     * Checks the policy against the services and compiles their validation rules, so that a
     * forgotten rule or a broken constraint fails here, at start, rather than on a call.
     *
     * @throws IllegalStateException when a method has no rule, a rule names no method, or a
     *     validation rule does not compile
     */
    public GrpcServerRunner build() {
      if (applicationServices.isEmpty()) {
        throw new IllegalStateException("add at least one service");
      }
      if (policy == null) {
        throw new IllegalStateException("a method policy is required (deny by default)");
      }
      policy.requireExactlyCovers(applicationServices.values());
      Validator validator = validatorFor(applicationServices.values());

      List<String> names = new ArrayList<>(applicationServices.keySet());
      ServerHealth health = new ServerHealth(names);
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("grpc-deadlines").daemon().factory());
      InterceptorChain chain =
          new InterceptorChain(
              errors,
              config.maxMetadataBytes(),
              config.defaultDeadline(),
              timer,
              verifier,
              policy,
              validator,
              abuseLimits);

      List<ServerServiceDefinition> all = new ArrayList<>();
      for (ServerServiceDefinition service : applicationServices.values()) {
        all.add(
            chain.wrap(
                RequestParsing.tolerant(
                    ReflectedFiles.withDependencies(service, describedFiles), errors)));
      }
      all.add(chain.wrap(RequestParsing.tolerant(health.service().bindService(), errors)));
      if (config.reflectionEnabled()) {
        all.add(
            chain.wrap(
                RequestParsing.tolerant(
                    ProtoReflectionServiceV1.newInstance().bindService(), errors)));
        all.add(chain.wrap(RequestParsing.tolerant(legacyReflection(), errors)));
      }
      return new GrpcServerRunner(this, timer, all, health);
    }

    @SuppressWarnings("deprecation") // v1alpha: still what many grpcurl builds ask for first
    private static ServerServiceDefinition legacyReflection() {
      return ProtoReflectionService.newInstance().bindService();
    }

    private Validator validatorFor(Iterable<ServerServiceDefinition> services) {
      List<Descriptor> requestTypes = new ArrayList<>();
      for (ServerServiceDefinition service : services) {
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
          if (method.getMethodDescriptor().getRequestMarshaller()
                  instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller
              && marshaller.getMessagePrototype() instanceof Message prototype) {
            requestTypes.add(prototype.getDescriptorForType());
          }
        }
      }
      if (requestRules != null) {
        if (requestRules.covers(requestTypes)) {
          return requestRules.validator();
        }
        log.warn(
            "the request rules compiled ahead miss request types of the services (are all of the"
                + " API's proto files named?): compiling them all now");
      }
      return RequestRules.compile(requestTypes);
    }
  }
}
