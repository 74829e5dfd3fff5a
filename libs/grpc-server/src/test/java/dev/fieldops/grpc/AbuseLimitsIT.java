package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.EchoResponse;
import dev.fieldops.grpc.testing.v1.EchoServiceGrpc;
import dev.fieldops.grpc.testing.v1.WatchRequest;
import dev.fieldops.grpc.testing.v1.WatchResponse;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-principal limits of {@link AbuseLimits} against a real socket server: rate limits per
 * principal and call class (RESOURCE_EXHAUSTED with RetryInfo, handler not run), concurrent calls
 * per principal, watch streams per principal and per server, and the maximum connection age.
 */
class AbuseLimitsIT {

  private static final TestAuth auth = TestAuth.create();

  /** Echo is a read, Collect ingest, Watch a watch stream; customers may call all three. */
  private static final MethodPolicy POLICY =
      MethodPolicy.builder()
          .allow(EchoServiceGrpc.getEchoMethod(), Allow.customer())
          .allow(EchoServiceGrpc.getCollectMethod(), Allow.customer())
          .allow(EchoServiceGrpc.getWatchMethod(), Allow.customer())
          .classify(CallClass.READS, EchoServiceGrpc.getEchoMethod())
          .classify(CallClass.INGEST, EchoServiceGrpc.getCollectMethod())
          .classify(CallClass.WATCH, EchoServiceGrpc.getWatchMethod())
          .build();

  private final AtomicInteger echoes = new AtomicInteger();
  private final AtomicInteger openWatches = new AtomicInteger();
  private final AtomicInteger transports = new AtomicInteger();
  private volatile CountDownLatch holdEchoes = new CountDownLatch(0);

  /** Echo answers (after holdEchoes opens); Watch answers once and stays open until cancelled. */
  private final EchoServiceGrpc.EchoServiceImplBase service =
      new EchoServiceGrpc.EchoServiceImplBase() {
        @Override
        public void echo(EchoRequest request, StreamObserver<EchoResponse> response) {
          echoes.incrementAndGet();
          try {
            holdEchoes.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          response.onNext(EchoResponse.newBuilder().setText(request.getText()).build());
          response.onCompleted();
        }

        @Override
        public void watch(WatchRequest request, StreamObserver<WatchResponse> response) {
          openWatches.incrementAndGet();
          Context.current().addListener(ctx -> openWatches.decrementAndGet(), Runnable::run);
          response.onNext(WatchResponse.newBuilder().setText(request.getText()).build());
        }
      };

  private GrpcServerRunner runner;
  private ManagedChannel channel;
  private final List<ManagedChannel> moreChannels = new ArrayList<>();

  @AfterAll
  static void dropKeys() throws IOException {
    auth.close();
  }

  @AfterEach
  void stop() throws InterruptedException {
    holdEchoes.countDown();
    for (ManagedChannel c : moreChannels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (runner != null) {
      runner.close();
    }
  }

  private void start(Map<String, String> env) throws IOException {
    Map<String, String> all = new HashMap<>(env);
    all.put("GRPC_BIND_ADDRESS", "127.0.0.1");
    all.put("GRPC_SHUTDOWN_GRACE", "0");
    all.put("GRPC_PLAINTEXT", "true"); // the limits, not the transport, are under test
    runner =
        GrpcServerRunner.builder(
                GrpcServerConfig.fromEnvironment(all, 0), auth.verifier, "echo.fieldops.dev")
            .addService(service)
            .methodPolicy(POLICY)
            .abuseLimits(AbuseLimits.fromEnvironment(all))
            .configureServer(
                builder ->
                    builder.addTransportFilter(
                        new ServerTransportFilter() {
                          @Override
                          public Attributes transportReady(Attributes attributes) {
                            transports.incrementAndGet();
                            return attributes;
                          }
                        }))
            .build()
            .start();
    channel = newChannel();
  }

  private ManagedChannel newChannel() {
    ManagedChannel c =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", runner.port(), InsecureChannelCredentials.create())
            .build();
    moreChannels.add(c);
    return c;
  }

  private EchoServiceGrpc.EchoServiceBlockingStub customer(String customerId) {
    return TestAuth.withToken(EchoServiceGrpc.newBlockingStub(channel), auth.customer(customerId))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static EchoRequest echo(String text) {
    return EchoRequest.newBuilder().setText(text).build();
  }

  @Test
  void a_caller_over_its_rate_is_told_when_to_retry_and_its_handler_never_runs()
      throws IOException {
    start(Map.of("RATE_LIMIT_READS", "1/m:2"));
    var acme = customer("acme-1");
    acme.echo(echo("one"));
    acme.echo(echo("two"));

    var refused =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> customer("acme-1").echo(echo("three")))
            .actual();

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription())
        .startsWith("rate limit of read calls reached (RATE_LIMIT_READS = 1/m:2); retry after ");
    ErrorInfo info = detail(refused, ErrorInfo.class);
    assertThat(info.getReason()).isEqualTo(CallLimitInterceptor.RATE_LIMITED);
    assertThat(info.getMetadataMap())
        .containsEntry("call_class", "READS")
        .containsEntry("limit", "1/m:2")
        .containsEntry("variable", "RATE_LIMIT_READS");
    // one token a minute: the next comes at most a minute after the first was taken
    Duration retryDelay = toDuration(detail(refused, RetryInfo.class));
    assertThat(retryDelay).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
    assertThat(echoes).hasValue(2);
    // each class and each principal has its own bucket
    assertThat(customer("acme-2").echo(echo("other customer")).getText())
        .isEqualTo("other customer");
  }

  @Test
  void a_flooding_customer_does_not_slow_down_another() throws Exception {
    start(Map.of("RATE_LIMIT_READS", "20/s:40"));
    String floodToken = auth.customer("flooder");
    var flooder = TestAuth.withToken(EchoServiceGrpc.newBlockingStub(newChannel()), floodToken);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger floodOk = new AtomicInteger();
    AtomicInteger floodRefused = new AtomicInteger();
    CountDownLatch limited = new CountDownLatch(1);
    CountDownLatch stopFlood = new CountDownLatch(1);
    List<Future<?>> flood = new ArrayList<>();
    long floodStart = System.nanoTime();
    for (int t = 0; t < 4; t++) {
      flood.add(
          pool.submit(
              () -> {
                while (stopFlood.getCount() > 0) {
                  try {
                    flooder.withDeadlineAfter(10, TimeUnit.SECONDS).echo(echo("flood"));
                    floodOk.incrementAndGet();
                  } catch (StatusRuntimeException e) {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    floodRefused.incrementAndGet();
                    limited.countDown();
                  }
                }
              }));
    }
    try {
      assertThat(limited.await(30, TimeUnit.SECONDS)).as("the flood hits its limit").isTrue();

      // The other customer stays within its own budget (burst 40): every call answers, none
      // is refused, each within its deadline even while the flood goes on (a refusal or a
      // DEADLINE_EXCEEDED would throw here).
      var calm = customer("calm");
      List<Long> latenciesMillis = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        long start = System.nanoTime();
        assertThat(calm.withDeadlineAfter(5, TimeUnit.SECONDS).echo(echo("calm " + i)).getText())
            .isEqualTo("calm " + i);
        latenciesMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
      Collections.sort(latenciesMillis);
      // No wall-clock threshold beyond the calls' own 5 s deadline (a loaded 2-core machine would
      // make one flaky); the figure is printed for whoever looks.
      System.out.printf(
          "calm customer during the flood: p50 %d ms, p99 %d ms%n",
          latenciesMillis.get(latenciesMillis.size() / 2), latenciesMillis.getLast());
    } finally {
      stopFlood.countDown();
      for (Future<?> f : flood) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    double seconds = (System.nanoTime() - floodStart) / 1e9;
    assertThat(floodRefused.get()).isPositive();
    // the flooder got its burst and its rate, and not more
    assertThat((double) floodOk.get()).isLessThanOrEqualTo(40 + 20 * seconds + 5);
    assertThat(echoes.get()).isEqualTo(floodOk.get() + 30);
  }

  @Test
  void a_principal_has_a_bounded_number_of_calls_in_flight() throws Exception {
    start(Map.of("GRPC_MAX_CONCURRENT_CALLS_PER_PRINCIPAL", "2"));
    holdEchoes = new CountDownLatch(1);
    var async =
        TestAuth.withToken(EchoServiceGrpc.newFutureStub(channel), auth.customer("acme-1"))
            .withDeadlineAfter(20, TimeUnit.SECONDS);
    var first = async.echo(echo("1"));
    var second = async.echo(echo("2"));
    await().atMost(Duration.ofSeconds(10)).until(() -> echoes.get() == 2);

    var refused =
        assertThatExceptionOfType(StatusRuntimeException.class)
            .isThrownBy(() -> customer("acme-1").echo(echo("3")))
            .actual();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(detail(refused, ErrorInfo.class).getReason())
        .isEqualTo(CallLimitInterceptor.TOO_MANY_CONCURRENT_CALLS);

    holdEchoes.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).getText()).isEqualTo("1");
    assertThat(second.get(10, TimeUnit.SECONDS).getText()).isEqualTo("2");
    // the slots are free again
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(customer("acme-1").echo(echo("4")).getText()).isEqualTo("4"));
  }

  @Test
  void watch_streams_are_bounded_per_principal_and_per_server() throws Exception {
    start(Map.of("GRPC_MAX_WATCHERS_PER_PRINCIPAL", "2", "GRPC_MAX_WATCHERS", "3"));
    List<Context.CancellableContext> watches = new ArrayList<>();
    watches.add(watch("acme-1"));
    watches.add(watch("acme-1"));
    await().atMost(Duration.ofSeconds(10)).until(() -> openWatches.get() == 2);

    assertWatchRefused("acme-1", "GRPC_MAX_WATCHERS_PER_PRINCIPAL");
    watches.add(watch("acme-2"));
    await().atMost(Duration.ofSeconds(10)).until(() -> openWatches.get() == 3);
    assertWatchRefused("acme-2", "GRPC_MAX_WATCHERS");
    // ordinary calls are not watchers
    assertThat(customer("acme-2").echo(echo("still")).getText()).isEqualTo("still");

    watches.getFirst().cancel(null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var again = watch("acme-1");
              watches.add(again);
              assertThat(firstWatchAnswer(again)).isNotNull();
            });
    watches.forEach(w -> w.cancel(null));
  }

  @Test
  void a_connection_past_its_maximum_age_is_replaced_without_failing_a_call() throws Exception {
    start(Map.of("GRPC_MAX_CONNECTION_AGE", "300ms", "GRPC_MAX_CONNECTION_AGE_GRACE", "5s"));
    var acme = customer("acme-1");
    AtomicInteger calls = new AtomicInteger();
    // Calls keep succeeding while the server ages connections out: the channel reconnects.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              assertThat(
                      acme.withDeadlineAfter(10, TimeUnit.SECONDS)
                          .echo(echo("call " + calls.incrementAndGet()))
                          .getText())
                  .startsWith("call ");
              assertThat(transports.get()).isGreaterThanOrEqualTo(3);
            });
  }

  private final Map<Context.CancellableContext, java.util.concurrent.BlockingQueue<Object>>
      answers = new java.util.concurrent.ConcurrentHashMap<>();

  /** Opens a watch of {@code customerId} on its own context (cancel it to end the stream). */
  private Context.CancellableContext watch(String customerId) {
    var queue = new java.util.concurrent.LinkedBlockingQueue<Object>();
    Context.CancellableContext context = Context.current().withCancellation();
    answers.put(context, queue);
    var stub = TestAuth.withToken(EchoServiceGrpc.newStub(channel), auth.customer(customerId));
    context.run(
        () ->
            stub.watch(
                WatchRequest.newBuilder().setText(customerId).build(),
                new StreamObserver<>() {
                  @Override
                  public void onNext(WatchResponse value) {
                    queue.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    queue.add(t);
                  }

                  @Override
                  public void onCompleted() {
                    queue.add("completed");
                  }
                }));
    return context;
  }

  private Object firstWatchAnswer(Context.CancellableContext watch) throws InterruptedException {
    Object first = answers.get(watch).poll(10, TimeUnit.SECONDS);
    if (first instanceof Throwable t) {
      throw new AssertionError("watch failed", t);
    }
    return first;
  }

  private void assertWatchRefused(String customerId, String variable) throws Exception {
    var refused = watch(customerId);
    Object answer = answers.get(refused).poll(10, TimeUnit.SECONDS);
    assertThat(answer).isInstanceOf(StatusRuntimeException.class);
    var error = (StatusRuntimeException) answer;
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    ErrorInfo info = detail(error, ErrorInfo.class);
    assertThat(info.getReason()).isEqualTo(CallLimitInterceptor.TOO_MANY_WATCHERS);
    assertThat(info.getMetadataMap()).containsEntry("variable", variable);
  }

  private static Duration toDuration(RetryInfo retry) {
    return Duration.ofSeconds(retry.getRetryDelay().getSeconds(), retry.getRetryDelay().getNanos());
  }

  private static <T extends com.google.protobuf.Message> T detail(
      StatusRuntimeException error, Class<T> type) {
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    assertThat(status).as("rich status").isNotNull();
    return status.getDetailsList().stream()
        .filter(any -> any.is(type))
        .findFirst()
        .map(
            any -> {
              try {
                return any.unpack(type);
              } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
              }
            })
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + status));
  }
}
