package dev.fieldops.test.grpc;

import dev.fieldops.grpc.GrpcServerConfig;
import dev.fieldops.grpc.GrpcServerRunner;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.grpc.auth.TokenVerifier;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A service hosted in process behind the real {@link GrpcServerRunner} chain (authentication,
 * method policy, validation, error mapping, default deadline, access log), with a channel to it.
 * Close it after the test ({@code try}-with-resources or {@code @AfterEach}/{@code @AfterAll}).
 *
 * <pre>{@code
 * try (var server = GrpcTestServer.builder("support.fieldops.dev")
 *         .addService(wiring.customerSupportGrpcService())
 *         .methodPolicy(SupportMethodPolicy.POLICY)
 *         .start()) {
 *   var stub = TestTokens.withToken(
 *       CustomerSupportServiceGrpc.newBlockingStub(server.channel()), server.tokens().admin());
 *   ...
 * }
 * }</pre>
 *
 * Health is SERVING from the start unless {@link Builder#markServing(boolean)} says otherwise.
 */
public final class GrpcTestServer implements AutoCloseable {

  private final GrpcServerRunner runner;
  private final ManagedChannel channel;
  private final TestTokens ownedTokens;
  private final TestTokens tokens;

  private GrpcTestServer(
      GrpcServerRunner runner, ManagedChannel channel, TestTokens tokens, boolean ownsTokens) {
    this.runner = runner;
    this.channel = channel;
    this.tokens = tokens;
    this.ownedTokens = ownsTokens ? tokens : null;
  }

  /**
   * Starts building a server whose errors carry {@code errorDomain} ({@code support.fieldops.dev}).
   */
  public static Builder builder(String errorDomain) {
    return new Builder(errorDomain);
  }

  /** A channel to the server; shared, closed with the server. */
  public ManagedChannel channel() {
    return channel;
  }

  /** Tokens the server accepts (the ones given to the builder, or its own). */
  public TestTokens tokens() {
    return tokens;
  }

  /** The runner, for health ({@code runner().health()}) and lifecycle assertions. */
  public GrpcServerRunner runner() {
    return runner;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      runner.close();
      if (ownedTokens != null) {
        ownedTokens.close();
      }
    }
  }

  /** What to host and how. */
  public static final class Builder {

    private final String errorDomain;
    private final List<ServerServiceDefinition> services = new ArrayList<>();
    private final List<AutoCloseable> onStop = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private MethodPolicy policy;
    private TestTokens tokens;
    private TokenVerifier verifier;
    private boolean markServing = true;

    private Builder(String errorDomain) {
      this.errorDomain = Objects.requireNonNull(errorDomain, "errorDomain");
    }

    public Builder addService(BindableService service) {
      services.add(service.bindService());
      return this;
    }

    public Builder addService(ServerServiceDefinition service) {
      services.add(service);
      return this;
    }

    /** The service's real policy; every method needs a rule, as in production. */
    public Builder methodPolicy(MethodPolicy methodPolicy) {
      this.policy = methodPolicy;
      return this;
    }

    /**
     * Tokens to accept (shared by several servers or test classes); by default the server makes its
     * own, available from {@link GrpcTestServer#tokens()}.
     */
    public Builder tokens(TestTokens testTokens) {
      this.tokens = Objects.requireNonNull(testTokens, "testTokens");
      return this;
    }

    /** Another verifier altogether (rarely needed: {@link #tokens(TestTokens)} fits most tests). */
    public Builder verifier(TokenVerifier tokenVerifier) {
      this.verifier = Objects.requireNonNull(tokenVerifier, "tokenVerifier");
      return this;
    }

    /**
     * A {@code GRPC_*} setting as the environment would give it, e.g. {@code
     * ("GRPC_DEFAULT_DEADLINE", "200ms")}.
     */
    public Builder setting(String variable, String value) {
      environment.put(variable, value);
      return this;
    }

    /** Resources the runner closes after the calls drained (reverse order). */
    public Builder onStop(AutoCloseable... resources) {
      onStop.addAll(List.of(resources));
      return this;
    }

    /** Whether health reports SERVING right after start (default true). */
    public Builder markServing(boolean serving) {
      this.markServing = serving;
      return this;
    }

    /**
     * Builds the runner (failing like production on a method without a rule) and starts it in
     * process.
     */
    public GrpcTestServer start() {
      boolean ownsTokens = tokens == null;
      TestTokens effectiveTokens = ownsTokens ? TestTokens.create() : tokens;
      try {
        TokenVerifier effectiveVerifier = verifier != null ? verifier : effectiveTokens.verifier();
        GrpcServerRunner.Builder runnerBuilder =
            GrpcServerRunner.builder(
                GrpcServerConfig.fromEnvironment(environment, 0), effectiveVerifier, errorDomain);
        services.forEach(runnerBuilder::addService);
        if (policy != null) {
          runnerBuilder.methodPolicy(policy);
        }
        runnerBuilder.onStop(onStop.toArray(AutoCloseable[]::new));
        String name = InProcessServerBuilder.generateName();
        GrpcServerRunner runner = runnerBuilder.build().start(InProcessServerBuilder.forName(name));
        if (markServing) {
          runner.markServing();
        }
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        return new GrpcTestServer(runner, channel, effectiveTokens, ownsTokens);
      } catch (IOException e) {
        closeIfOwned(effectiveTokens, ownsTokens);
        throw new UncheckedIOException("cannot start the in-process server", e);
      } catch (RuntimeException e) {
        closeIfOwned(effectiveTokens, ownsTokens);
        throw e;
      }
    }

    private static void closeIfOwned(TestTokens testTokens, boolean owned) {
      if (owned) {
        testTokens.close();
      }
    }
  }
}
