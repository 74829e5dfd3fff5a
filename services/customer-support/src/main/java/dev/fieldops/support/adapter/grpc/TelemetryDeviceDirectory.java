package dev.fieldops.support.adapter.grpc;

import static dev.fieldops.grpc.ProtoTimes.timestamp;

import dev.fieldops.grpc.client.ClientTransport;
import dev.fieldops.grpc.client.GrpcChannels;
import dev.fieldops.support.application.event.DeviceDirectory;
import dev.fieldops.support.application.event.DeviceLookup;
import dev.fieldops.support.application.event.DeviceLookup.DeviceDetails;
import dev.fieldops.support.application.event.DeviceLookup.ReadingsSummary;
import dev.fieldops.support.application.event.ReadingMetric;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.telemetry.v1.AggregateFunction;
import dev.fieldops.telemetry.v1.Device;
import dev.fieldops.telemetry.v1.GetDeviceRequest;
import dev.fieldops.telemetry.v1.Metric;
import dev.fieldops.telemetry.v1.QueryReadingsRequest;
import dev.fieldops.telemetry.v1.ReadingAggregation;
import dev.fieldops.telemetry.v1.ReadingBucket;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc.TelemetryServiceBlockingStub;
import io.grpc.CallCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry's TelemetryService as customer support's {@link DeviceDirectory}: {@code GetDevice} and
 * {@code QueryReadings} (hourly MIN/MAX/AVG/COUNT buckets merged into one summary) over one
 * channel, both under one deadline, as support's {@code service} principal.
 *
 * <p>Every failure becomes an answer: NOT_FOUND or INVALID_ARGUMENT for the device means telemetry
 * does not know it; anything else (UNAVAILABLE, DEADLINE_EXCEEDED, a refused token, ...) means "ask
 * again later". While telemetry is down the channel backs off its reconnects, up to two minutes;
 * support paces its own retries, so each attempt first cuts that backoff short.
 */
public final class TelemetryDeviceDirectory implements DeviceDirectory, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TelemetryDeviceDirectory.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final com.google.protobuf.Duration ONE_HOUR =
      com.google.protobuf.Duration.newBuilder().setSeconds(3600).build();

  private final ManagedChannel channel;
  private final TelemetryServiceBlockingStub stub;
  private final Duration deadline;

  private TelemetryDeviceDirectory(
      ManagedChannel channel, Optional<? extends Supplier<String>> token, Duration deadline) {
    this.channel = channel;
    var plain = TelemetryServiceGrpc.newBlockingStub(channel);
    this.stub = token.map(t -> plain.withCallCredentials(bearer(t))).orElse(plain);
    this.deadline = deadline;
  }

  /**
   * A directory calling telemetry at {@code address} ({@code host:port}) over {@code transport},
   * each lookup within {@code deadline}.
   *
   * @param token the bearer token of each call; empty when the client certificate of {@code
   *     transport} identifies support (mutual TLS)
   * @param configureChannel what the platform adds to every client channel before it is built
   *     (gRPC's standard client metrics, so that support → telemetry calls are measured like any
   *     other); {@code builder -> {}} for none
   */
  public static TelemetryDeviceDirectory connect(
      String address,
      ClientTransport transport,
      Optional<? extends Supplier<String>> token,
      Duration deadline,
      Consumer<ManagedChannelBuilder<?>> configureChannel) {
    var builder = GrpcChannels.builder(address, transport);
    configureChannel.accept(builder);
    ManagedChannel channel = builder.build();
    // Connect to every replica now rather than on the first lookup: a channel that connects on a
    // call sends it, and the one right after, to whichever replica answered first, so each support
    // replica's first alert tickets all went to one telemetry replica (and paid its TLS handshake).
    channel.getState(true);
    return new TelemetryDeviceDirectory(channel, token, deadline);
  }

  @Override
  public DeviceLookup describe(DeviceId deviceId, ReadingMetric metric, Instant from, Instant to) {
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    var call = stub.withDeadline(Deadline.after(deadline.toMillis(), TimeUnit.MILLISECONDS));
    Device device;
    try {
      device =
          call.getDevice(GetDeviceRequest.newBuilder().setDeviceId(deviceId.value()).build())
              .getDevice();
    } catch (StatusRuntimeException e) {
      var code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
        return new DeviceLookup.UnknownDevice();
      }
      return unavailable("GetDevice", e);
    }
    List<ReadingBucket> buckets;
    try {
      buckets =
          call.queryReadings(
                  QueryReadingsRequest.newBuilder()
                      .setDeviceId(deviceId.value())
                      .setMetric(Metric.valueOf("METRIC_" + metric.name()))
                      .setStartTime(timestamp(from))
                      .setEndTime(timestamp(to))
                      .setAggregation(
                          ReadingAggregation.newBuilder()
                              .setBucketWidth(ONE_HOUR)
                              .addFunctions(AggregateFunction.AGGREGATE_FUNCTION_MIN)
                              .addFunctions(AggregateFunction.AGGREGATE_FUNCTION_MAX)
                              .addFunctions(AggregateFunction.AGGREGATE_FUNCTION_AVG)
                              .addFunctions(AggregateFunction.AGGREGATE_FUNCTION_COUNT))
                      .build())
              .getBucketsList();
    } catch (StatusRuntimeException e) {
      return unavailable("QueryReadings", e);
    }
    return new DeviceLookup.Found(
        new DeviceDetails(
            device.getDisplayName(),
            device.getLocation(),
            device.getKind().name().replaceFirst("^DEVICE_KIND_", ""),
            device.getState().name().replaceFirst("^DEVICE_STATE_", ""),
            metric,
            from,
            to,
            merge(buckets)));
  }

  /**
   * One summary from the hourly buckets (an hour-long range spans at most two, as buckets are
   * aligned on the hour): extremes of the extremes, the mean weighted by each bucket's count.
   */
  static Optional<ReadingsSummary> merge(List<ReadingBucket> buckets) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    long count = 0;
    for (var bucket : buckets) {
      if (!bucket.hasCount() || bucket.getCount() < 1) {
        continue;
      }
      min = Math.min(min, bucket.getMin());
      max = Math.max(max, bucket.getMax());
      sum += bucket.getAvg() * bucket.getCount();
      count += bucket.getCount();
    }
    return count == 0
        ? Optional.empty()
        : Optional.of(new ReadingsSummary(min, max, sum / count, count));
  }

  private static DeviceLookup unavailable(String method, StatusRuntimeException e) {
    var status = e.getStatus();
    var reason =
        "telemetry "
            + method
            + ": "
            + status.getCode()
            + (status.getDescription() == null ? "" : " " + status.getDescription());
    LOG.debug("device lookup failed: {}", reason);
    return new DeviceLookup.Unavailable(reason);
  }

  private static CallCredentials bearer(Supplier<String> token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        try {
          var headers = new Metadata();
          headers.put(AUTHORIZATION, "Bearer " + token.get());
          applier.apply(headers);
        } catch (RuntimeException e) {
          applier.fail(
              Status.UNAUTHENTICATED
                  .withDescription("no service token: " + e.getMessage())
                  .withCause(e));
        }
      }
    };
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
