package dev.fieldops.telemetry.adapter.grpc;

import com.google.protobuf.Timestamp;
import dev.fieldops.grpc.ErrorMapper;
import dev.fieldops.grpc.ProtoTimes;
import dev.fieldops.telemetry.adapter.proto.TelemetryProtos;
import dev.fieldops.telemetry.application.command.IngestResult;
import dev.fieldops.telemetry.application.command.RejectedReading;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import dev.fieldops.telemetry.v1.Reading;
import dev.fieldops.telemetry.v1.ReadingRejectCount;
import dev.fieldops.telemetry.v1.ReadingRejectReason;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.StreamReadingsResponse;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * One {@code StreamReadings} call: readings arrive in request messages, are ingested in batches,
 * and the stream's totals go back when the client half-closes.
 *
 * <p>Flow control is manual: at most {@link #WINDOW} request messages are requested ahead of what
 * the batcher has taken, so a fast client is held back by HTTP/2 instead of filling memory, and the
 * transport delivers messages as fast as the batcher takes them (gRPC's default of one message per
 * request would cap a stream at a few ten thousand small messages per second). A worker thread
 * takes every message that has arrived, up to {@code maxBatch} readings, and hands them to the
 * ingest handler as one batch: under load batches grow, and when the stream pauses whatever arrived
 * is ingested at once instead of waiting for more.
 *
 * <p>A reading that breaks a field rule, or that the handler rejects, is counted by reason and
 * sampled; it never fails the stream. A batch that cannot be stored (database down) fails the
 * stream: what was committed before stays, and a resent stream is deduplicated.
 */
final class ReadingIngestStream implements StreamObserver<StreamReadingsRequest> {

  /** Request messages requested ahead of the batcher. */
  static final int WINDOW = 16;

  private static final int MAX_SAMPLES = 100;
  private static final Object END = new Object();
  private static final long MIN_SECONDS = -62_135_596_800L;
  private static final long MAX_SECONDS = 253_402_300_799L;

  private final ServerCallStreamObserver<StreamReadingsResponse> call;
  private final Function<List<ReadingSubmission>, IngestResult> ingest;
  private final int maxBatch;
  private final ErrorMapper errors;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private volatile boolean cancelled;

  private long received;
  private long accepted;
  private long duplicates;
  private final EnumMap<ReadingRejectReason, Long> rejected =
      new EnumMap<>(ReadingRejectReason.class);
  private final List<dev.fieldops.telemetry.v1.RejectedReading> samples = new ArrayList<>();

  private ReadingIngestStream(
      ServerCallStreamObserver<StreamReadingsResponse> call,
      Function<List<ReadingSubmission>, IngestResult> ingest,
      int maxBatch,
      ErrorMapper errors) {
    this.call = call;
    this.ingest = ingest;
    this.maxBatch = maxBatch;
    this.errors = errors;
  }

  /**
   * Starts serving one call; to be called from the service method (it turns automatic flow control
   * off, which gRPC allows only there).
   */
  static StreamObserver<StreamReadingsRequest> start(
      StreamObserver<StreamReadingsResponse> responses,
      Function<List<ReadingSubmission>, IngestResult> ingest,
      int maxBatch) {
    var call = (ServerCallStreamObserver<StreamReadingsResponse>) responses;
    call.disableAutoRequest();
    var stream =
        new ReadingIngestStream(
            call, Objects.requireNonNull(ingest), maxBatch, ErrorMapper.current());
    call.setOnCancelHandler(stream::cancel);
    var context = Context.current();
    context.addListener(cancelled -> stream.cancel(), Runnable::run);
    // The call's span goes along too (it lives in OpenTelemetry's context, not gRPC's).
    Thread.ofVirtual()
        .name("stream-readings")
        .start(context.wrap(io.opentelemetry.context.Context.current().wrap(stream::run)));
    call.request(WINDOW);
    return stream;
  }

  @Override
  public void onNext(StreamReadingsRequest message) {
    inbox.add(message);
  }

  @Override
  public void onError(Throwable clientGone) {
    cancel();
  }

  @Override
  public void onCompleted() {
    inbox.add(END);
  }

  private void cancel() {
    cancelled = true;
    inbox.add(END);
  }

  private void run() {
    try {
      boolean ended = false;
      while (!ended) {
        var batch = new Batch();
        Object next = inbox.take();
        while (true) {
          if (next == END) {
            ended = true;
            break;
          }
          batch.add((StreamReadingsRequest) next);
          call.request(1);
          if (batch.size() >= maxBatch) {
            break;
          }
          next = inbox.poll();
          if (next == null) {
            break;
          }
        }
        if (cancelled) {
          return;
        }
        process(batch);
      }
      if (!cancelled) {
        call.onNext(response());
        call.onCompleted();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException failure) {
      if (!cancelled) {
        try {
          call.onError(errors.toStatusException(failure));
        } catch (RuntimeException alreadyClosed) {
          // The call ended meanwhile (deadline, cancellation): nobody to tell.
        }
      }
    }
  }

  /** The readings of the messages taken so far, screened against the field rules. */
  private final class Batch {
    final List<ReadingSubmission> submissions = new ArrayList<>();
    final List<Reading> sent = new ArrayList<>();
    final List<Long> streamIndex = new ArrayList<>();
    final List<dev.fieldops.telemetry.v1.RejectedReading> invalid = new ArrayList<>();

    void add(StreamReadingsRequest message) {
      for (Reading reading : message.getReadingsList()) {
        long index = received++;
        var broken = brokenFieldRule(reading);
        if (broken != null) {
          invalid.add(
              sample(index, ReadingRejectReason.READING_REJECT_REASON_INVALID, reading, broken));
          continue;
        }
        submissions.add(
            new ReadingSubmission(
                reading.getDeviceId(),
                TelemetryProtos.metric(reading.getMetric()).orElseThrow(),
                reading.getValue(),
                ProtoTimes.instant(reading.getObserveTime())));
        sent.add(reading);
        streamIndex.add(index);
      }
    }

    int size() {
      return submissions.size() + invalid.size();
    }
  }

  private void process(Batch batch) {
    var rejects = new ArrayList<>(batch.invalid);
    batch.invalid.forEach(r -> count(r.getReason(), 1));
    if (!batch.submissions.isEmpty()) {
      var result = ingest.apply(batch.submissions);
      accepted += result.newlyStored();
      duplicates += result.alreadyStored();
      result
          .rejectedByReason()
          .forEach(
              (reason, count) -> {
                if (reason == RejectReason.DUPLICATE_IN_BATCH) {
                  duplicates += count;
                } else {
                  count(reason(reason), count);
                }
              });
      for (RejectedReading sample : result.rejectedSamples()) {
        if (sample.reason() != RejectReason.DUPLICATE_IN_BATCH) {
          rejects.add(
              sample(
                  batch.streamIndex.get(sample.index()),
                  reason(sample.reason()),
                  batch.sent.get(sample.index()),
                  detail(sample.reason())));
        }
      }
    }
    rejects.sort(Comparator.comparingLong(dev.fieldops.telemetry.v1.RejectedReading::getIndex));
    for (var reject : rejects) {
      if (samples.size() >= MAX_SAMPLES) {
        break;
      }
      samples.add(reject);
    }
  }

  private void count(ReadingRejectReason reason, long count) {
    rejected.merge(reason, count, Long::sum);
  }

  private StreamReadingsResponse response() {
    var response =
        StreamReadingsResponse.newBuilder()
            .setAcceptedCount(accepted)
            .setDuplicateCount(duplicates)
            .setRejectedCount(rejected.values().stream().mapToLong(Long::longValue).sum())
            .addAllRejectedSamples(samples);
    rejected.forEach(
        (reason, count) ->
            response.addRejectCounts(
                ReadingRejectCount.newBuilder().setReason(reason).setCount(count)));
    return response.build();
  }

  /** The field rule the reading breaks, or null; the same rules as a unary reading's. */
  static String brokenFieldRule(Reading reading) {
    if (DeviceId.tryParse(reading.getDeviceId()).isEmpty()) {
      return "device_id must be a device's UUID";
    }
    if (TelemetryProtos.metric(reading.getMetric()).isEmpty()) {
      return "metric must be specified";
    }
    if (!Double.isFinite(reading.getValue())) {
      return "value must be a finite number";
    }
    if (!reading.hasObserveTime()) {
      return "observe_time is required";
    }
    Timestamp time = reading.getObserveTime();
    if (time.getSeconds() < MIN_SECONDS
        || time.getSeconds() > MAX_SECONDS
        || time.getNanos() < 0
        || time.getNanos() > 999_999_999) {
      return "observe_time is not a valid timestamp";
    }
    return null;
  }

  static ReadingRejectReason reason(RejectReason reason) {
    return switch (reason) {
      case INVALID_READING -> ReadingRejectReason.READING_REJECT_REASON_INVALID;
      // A device that is not the caller's is indistinguishable from one that does not exist.
      case NOT_YOUR_DEVICE, UNKNOWN_DEVICE ->
          ReadingRejectReason.READING_REJECT_REASON_UNKNOWN_DEVICE;
      case DEVICE_DECOMMISSIONED -> ReadingRejectReason.READING_REJECT_REASON_DEVICE_DECOMMISSIONED;
      case VALUE_OUT_OF_RANGE -> ReadingRejectReason.READING_REJECT_REASON_OUT_OF_RANGE;
      case OBSERVE_TIME_TOO_OLD -> ReadingRejectReason.READING_REJECT_REASON_TOO_OLD;
      case OBSERVE_TIME_IN_FUTURE -> ReadingRejectReason.READING_REJECT_REASON_IN_FUTURE;
      case DUPLICATE_IN_BATCH ->
          throw new IllegalArgumentException("a duplicate is counted, not rejected");
    };
  }

  static String detail(RejectReason reason) {
    return switch (reason) {
      case INVALID_READING -> "the metric or observe_time is missing";
      case NOT_YOUR_DEVICE, UNKNOWN_DEVICE -> "no such device";
      case DEVICE_DECOMMISSIONED -> "the device is decommissioned";
      case VALUE_OUT_OF_RANGE -> "the value is outside the metric's physical range";
      case OBSERVE_TIME_TOO_OLD -> "observe_time is older than the ingest window";
      case OBSERVE_TIME_IN_FUTURE -> "observe_time is too far ahead of the server clock";
      case DUPLICATE_IN_BATCH -> "the same reading came earlier in the stream";
    };
  }

  private static dev.fieldops.telemetry.v1.RejectedReading sample(
      long index, ReadingRejectReason reason, Reading reading, String detail) {
    var sample =
        dev.fieldops.telemetry.v1.RejectedReading.newBuilder()
            .setIndex(index)
            .setReason(reason)
            .setDeviceId(reading.getDeviceId())
            .setDetail(detail);
    if (reading.hasObserveTime()) {
      sample.setObserveTime(reading.getObserveTime());
    }
    return sample.build();
  }
}
