package dev.fieldops.telemetry.adapter.grpc;

import static dev.fieldops.telemetry.adapter.proto.ProtoMapping.instant;
import static dev.fieldops.telemetry.adapter.proto.ProtoMapping.timestamp;

import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.jooq.PageTokens;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.runtime.IdempotentCommands;
import dev.fieldops.telemetry.adapter.proto.ProtoMapping;
import dev.fieldops.telemetry.application.TelemetryApplication;
import dev.fieldops.telemetry.application.command.AcknowledgeAlert;
import dev.fieldops.telemetry.application.command.CreateAlertRule;
import dev.fieldops.telemetry.application.command.DecommissionDevice;
import dev.fieldops.telemetry.application.command.DeleteAlertRule;
import dev.fieldops.telemetry.application.command.IngestReadings;
import dev.fieldops.telemetry.application.command.RegisterDevice;
import dev.fieldops.telemetry.application.command.UpdateAlertRule;
import dev.fieldops.telemetry.application.query.GetAlert;
import dev.fieldops.telemetry.application.query.GetAlertRule;
import dev.fieldops.telemetry.application.query.GetDevice;
import dev.fieldops.telemetry.application.query.ListAlertRules;
import dev.fieldops.telemetry.application.query.ListAlerts;
import dev.fieldops.telemetry.application.query.ListDevices;
import dev.fieldops.telemetry.application.query.QueryReadings;
import dev.fieldops.telemetry.application.query.ReadingsAnswer;
import dev.fieldops.telemetry.application.query.WatchAlerts;
import dev.fieldops.telemetry.domain.alert.AlertFilter;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.DeviceFilter;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.Condition;
import dev.fieldops.telemetry.domain.rule.Direction;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.domain.shared.PageRequest;
import dev.fieldops.telemetry.v1.AcknowledgeAlertRequest;
import dev.fieldops.telemetry.v1.AcknowledgeAlertResponse;
import dev.fieldops.telemetry.v1.AggregateFunction;
import dev.fieldops.telemetry.v1.AlertSeverity;
import dev.fieldops.telemetry.v1.CreateAlertRuleRequest;
import dev.fieldops.telemetry.v1.CreateAlertRuleResponse;
import dev.fieldops.telemetry.v1.DecommissionDeviceRequest;
import dev.fieldops.telemetry.v1.DecommissionDeviceResponse;
import dev.fieldops.telemetry.v1.DeleteAlertRuleRequest;
import dev.fieldops.telemetry.v1.DeleteAlertRuleResponse;
import dev.fieldops.telemetry.v1.GetAlertRequest;
import dev.fieldops.telemetry.v1.GetAlertResponse;
import dev.fieldops.telemetry.v1.GetAlertRuleRequest;
import dev.fieldops.telemetry.v1.GetAlertRuleResponse;
import dev.fieldops.telemetry.v1.GetDeviceRequest;
import dev.fieldops.telemetry.v1.GetDeviceResponse;
import dev.fieldops.telemetry.v1.ListAlertRulesRequest;
import dev.fieldops.telemetry.v1.ListAlertRulesResponse;
import dev.fieldops.telemetry.v1.ListAlertsRequest;
import dev.fieldops.telemetry.v1.ListAlertsResponse;
import dev.fieldops.telemetry.v1.ListDevicesRequest;
import dev.fieldops.telemetry.v1.ListDevicesResponse;
import dev.fieldops.telemetry.v1.QueryReadingsRequest;
import dev.fieldops.telemetry.v1.QueryReadingsResponse;
import dev.fieldops.telemetry.v1.ReadingPoint;
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RecordReadingResponse;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceResponse;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.StreamReadingsResponse;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.telemetry.v1.ThresholdDirection;
import dev.fieldops.telemetry.v1.UpdateAlertRuleRequest;
import dev.fieldops.telemetry.v1.UpdateAlertRuleResponse;
import dev.fieldops.telemetry.v1.WatchAlertsRequest;
import dev.fieldops.telemetry.v1.WatchAlertsResponse;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * {@code fieldops.telemetry.v1.TelemetryService}: requests to commands and queries, results and
 * domain errors back to the API's terms. Where the API promises more forgiving semantics than the
 * domain's transitions (decommissioning a decommissioned device, acknowledging an acknowledged
 * alert "change nothing"), the adapter answers with the current state instead of the refusal.
 */
public final class TelemetryGrpcService extends TelemetryServiceGrpc.TelemetryServiceImplBase {

  /**
   * @param defaultDeadbandCelsius the deadband of a device registered without one
   * @param maxIngestBatch most readings of a stream ingested in one batch (one transaction)
   * @param concurrentStreamBatches stream batches ingested at the same time, all streams together:
   *     below the database pool size, so that single readings, queries and the outbox relay still
   *     find a connection while bulk ingest runs flat out
   * @param watchQueueCapacity alert changes a watcher may fall behind before its stream ends
   */
  public record Settings(
      double defaultDeadbandCelsius,
      int maxIngestBatch,
      int concurrentStreamBatches,
      int watchQueueCapacity) {}

  private final TelemetryApplication handlers;
  private final IdempotentCommands idempotent;
  private final PageTokens pageTokens;
  private final Settings settings;
  private final Semaphore streamBatches;

  public TelemetryGrpcService(
      TelemetryApplication handlers,
      IdempotentCommands idempotent,
      PageTokens pageTokens,
      Settings settings) {
    this.handlers = Objects.requireNonNull(handlers, "handlers");
    this.idempotent = Objects.requireNonNull(idempotent, "idempotent");
    this.pageTokens = Objects.requireNonNull(pageTokens, "pageTokens");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.streamBatches = new Semaphore(settings.concurrentStreamBatches(), true);
  }

  // --- devices ---

  @Override
  public void registerDevice(
      RegisterDeviceRequest request, StreamObserver<RegisterDeviceResponse> responses) {
    var caller = CallPrincipal.current();
    var response =
        idempotent.execute(
            TelemetryServiceGrpc.getRegisterDeviceMethod().getFullMethodName(),
            request.getRequestId(),
            request,
            caller,
            RegisterDeviceResponse.parser(),
            () -> {
              var sent = request.getDevice();
              var device =
                  handlers
                      .registerDevice()
                      .handle(
                          caller,
                          new RegisterDevice(
                              CustomerId.parse(sent.getCustomerId(), "device.customer_id"),
                              sent.getDisplayName(),
                              sent.getLocation(),
                              ProtoMapping.kind(sent.getKind())
                                  .orElseThrow(
                                      () ->
                                          invalid(
                                              "INVALID_DEVICE",
                                              "device.kind",
                                              "must be specified")),
                              Optional.of(
                                  sent.getDeadbandCelsius() == 0
                                      ? settings.defaultDeadbandCelsius()
                                      : sent.getDeadbandCelsius())));
              return RegisterDeviceResponse.newBuilder()
                  .setDevice(Views.device(device.data()))
                  .build();
            });
    reply(responses, response);
  }

  @Override
  public void getDevice(GetDeviceRequest request, StreamObserver<GetDeviceResponse> responses) {
    var device =
        handlers
            .getDevice()
            .handle(
                CallPrincipal.current(),
                new GetDevice(DeviceId.parse(request.getDeviceId(), "device_id")));
    reply(responses, GetDeviceResponse.newBuilder().setDevice(Views.device(device.data())).build());
  }

  @Override
  public void listDevices(
      ListDevicesRequest request, StreamObserver<ListDevicesResponse> responses) {
    var caller = CallPrincipal.current();
    var filter =
        new DeviceFilter(
            customer(request.getCustomerId(), "customer_id"),
            ProtoMapping.deviceState(request.getState()),
            ProtoMapping.kind(request.getKind()));
    var tokenFilter =
        List.of(
            "ListDevices",
            request.getCustomerId(),
            request.getState().name(),
            request.getKind().name(),
            scopeOf(caller));
    var page =
        handlers
            .listDevices()
            .handle(
                caller,
                new ListDevices(
                    filter, page(request.getPageSize(), request.getPageToken(), tokenFilter)));
    var response = ListDevicesResponse.newBuilder();
    page.items().forEach(device -> response.addDevices(Views.device(device.data())));
    page.nextCursor().ifPresent(c -> response.setNextPageToken(nextToken(tokenFilter, c)));
    reply(responses, response.build());
  }

  @Override
  public void decommissionDevice(
      DecommissionDeviceRequest request, StreamObserver<DecommissionDeviceResponse> responses) {
    var caller = CallPrincipal.current();
    var id = DeviceId.parse(request.getDeviceId(), "device_id");
    dev.fieldops.telemetry.domain.device.Device device;
    try {
      device =
          handlers
              .decommissionDevice()
              .handle(caller, new DecommissionDevice(id, Views.etag(request.getEtag(), "etag")));
    } catch (RuleViolationException refused) {
      if (!"DEVICE_ALREADY_DECOMMISSIONED".equals(refused.reason())) {
        throw refused;
      }
      // The API makes a repeated decommission a no-op that answers with the device.
      device = handlers.getDevice().handle(caller, new GetDevice(id));
    }
    reply(
        responses,
        DecommissionDeviceResponse.newBuilder().setDevice(Views.device(device.data())).build());
  }

  // --- readings ---

  @Override
  public void recordReading(
      RecordReadingRequest request, StreamObserver<RecordReadingResponse> responses) {
    var reading = request.getReading();
    var broken = ReadingIngestStream.brokenFieldRule(reading);
    if (broken != null) {
      throw invalid("INVALID_READING", "reading", broken);
    }
    var result =
        handlers
            .ingestReadings()
            .handle(
                CallPrincipal.current(),
                new IngestReadings(
                    List.of(
                        new ReadingSubmission(
                            reading.getDeviceId(),
                            ProtoMapping.metric(reading.getMetric()).orElseThrow(),
                            reading.getValue(),
                            instant(reading.getObserveTime())))));
    if (result.rejected() > 0) {
      throw rejection(result.rejectedSamples().getFirst().reason(), reading.getDeviceId());
    }
    reply(
        responses,
        RecordReadingResponse.newBuilder().setDuplicate(result.alreadyStored() > 0).build());
  }

  @Override
  public StreamObserver<StreamReadingsRequest> streamReadings(
      StreamObserver<StreamReadingsResponse> responses) {
    var caller = CallPrincipal.current();
    return ReadingIngestStream.start(
        responses,
        batch -> {
          streamBatches.acquireUninterruptibly();
          try {
            return handlers.ingestReadings().handle(caller, new IngestReadings(batch));
          } finally {
            streamBatches.release();
          }
        },
        settings.maxIngestBatch());
  }

  @Override
  public void queryReadings(
      QueryReadingsRequest request, StreamObserver<QueryReadingsResponse> responses) {
    var caller = CallPrincipal.current();
    var device = DeviceId.parse(request.getDeviceId(), "device_id");
    var metric =
        ProtoMapping.metric(request.getMetric())
            .orElseThrow(() -> invalid("INVALID_READING_QUERY", "metric", "must be specified"));
    var range = new TimeRange(instant(request.getStartTime()), instant(request.getEndTime()));
    var aggregated = request.hasAggregation();
    var tokenFilter =
        List.of(
            "QueryReadings",
            request.getDeviceId(),
            metric.name(),
            range.from().toString(),
            range.to().toString(),
            request.getAggregation().toString(),
            scopeOf(caller));
    int size = PageTokens.clampPageSize(request.getPageSize());
    var cursor = pageTokens.decode(request.getPageToken(), tokenFilter).map(c -> c.string(0));
    var response = QueryReadingsResponse.newBuilder();
    if (!aggregated) {
      var answer =
          handlers
              .queryReadings()
              .handle(
                  caller,
                  new QueryReadings(
                      device, metric, range, Optional.empty(), new PageRequest(size, cursor)));
      var page = ((ReadingsAnswer.RawReadings) answer).page();
      page.items()
          .forEach(
              reading ->
                  response.addPoints(
                      ReadingPoint.newBuilder()
                          .setObserveTime(timestamp(reading.observeTime()))
                          .setValue(reading.value())));
      page.nextCursor().ifPresent(c -> response.setNextPageToken(nextToken(tokenFilter, c)));
    } else {
      // Buckets are aligned to the epoch, so a page that starts at a bucket boundary holds the
      // same buckets as the whole range does: the token only remembers where the next page starts.
      var width = ProtoMapping.duration(request.getAggregation().getBucketWidth());
      var from =
          cursor
              .map(micros -> Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS))
              .filter(start -> start.isAfter(range.from()))
              .orElse(range.from());
      var answer =
          handlers
              .queryReadings()
              .handle(
                  caller,
                  new QueryReadings(
                      device,
                      metric,
                      new TimeRange(from, range.to()),
                      Optional.of(width),
                      PageRequest.first(size)));
      var buckets = ((ReadingsAnswer.AggregatedReadings) answer).buckets();
      var functions = Set.copyOf(request.getAggregation().getFunctionsList());
      for (var bucket : buckets.subList(0, Math.min(size, buckets.size()))) {
        var view =
            dev.fieldops.telemetry.v1.ReadingBucket.newBuilder()
                .setStartTime(timestamp(bucket.bucketStart()));
        if (functions.contains(AggregateFunction.AGGREGATE_FUNCTION_MIN)) {
          view.setMin(bucket.min());
        }
        if (functions.contains(AggregateFunction.AGGREGATE_FUNCTION_MAX)) {
          view.setMax(bucket.max());
        }
        if (functions.contains(AggregateFunction.AGGREGATE_FUNCTION_AVG)) {
          view.setAvg(bucket.avg());
        }
        if (functions.contains(AggregateFunction.AGGREGATE_FUNCTION_COUNT)) {
          view.setCount(bucket.count());
        }
        response.addBuckets(view);
      }
      if (buckets.size() > size) {
        var next = buckets.get(size).bucketStart();
        response.setNextPageToken(
            nextToken(tokenFilter, Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, next))));
      }
    }
    reply(responses, response.build());
  }

  // --- rules ---

  @Override
  public void createAlertRule(
      CreateAlertRuleRequest request, StreamObserver<CreateAlertRuleResponse> responses) {
    var caller = CallPrincipal.current();
    var response =
        idempotent.execute(
            TelemetryServiceGrpc.getCreateAlertRuleMethod().getFullMethodName(),
            request.getRequestId(),
            request,
            caller,
            CreateAlertRuleResponse.parser(),
            () -> {
              var sent = request.getAlertRule();
              var metric =
                  ProtoMapping.metric(sent.getMetric())
                      .orElseThrow(
                          () ->
                              invalid(
                                  "INVALID_ALERT_RULE", "alert_rule.metric", "must be specified"));
              var condition = condition(sent);
              var rule =
                  handlers
                      .createAlertRule()
                      .handle(
                          caller,
                          new CreateAlertRule(
                              CustomerId.parse(sent.getCustomerId(), "alert_rule.customer_id"),
                              sent.getDeviceId().isEmpty()
                                  ? new RuleTarget.AllCustomerDevices()
                                  : new RuleTarget.SingleDevice(
                                      DeviceId.parse(sent.getDeviceId(), "alert_rule.device_id")),
                              sent.getDisplayName().isBlank()
                                  ? RuleNames.defaultName(metric, condition)
                                  : sent.getDisplayName(),
                              metric,
                              ProtoMapping.severity(sent.getSeverity()).orElse(Severity.WARNING),
                              escalateAfter(sent),
                              !sent.hasEnabled() || sent.getEnabled(),
                              condition));
              return CreateAlertRuleResponse.newBuilder().setAlertRule(Views.rule(rule)).build();
            });
    reply(responses, response);
  }

  @Override
  public void getAlertRule(
      GetAlertRuleRequest request, StreamObserver<GetAlertRuleResponse> responses) {
    var rule =
        handlers
            .getAlertRule()
            .handle(
                CallPrincipal.current(),
                new GetAlertRule(AlertRuleId.parse(request.getRuleId(), "rule_id")));
    reply(responses, GetAlertRuleResponse.newBuilder().setAlertRule(Views.rule(rule)).build());
  }

  @Override
  public void listAlertRules(
      ListAlertRulesRequest request, StreamObserver<ListAlertRulesResponse> responses) {
    var caller = CallPrincipal.current();
    var filter =
        new AlertRuleFilter(
            customer(request.getCustomerId(), "customer_id"),
            Optional.empty(),
            request.getDeviceId().isEmpty()
                ? Optional.empty()
                : Optional.of(DeviceId.parse(request.getDeviceId(), "device_id")));
    var tokenFilter =
        List.of("ListAlertRules", request.getCustomerId(), request.getDeviceId(), scopeOf(caller));
    var page =
        handlers
            .listAlertRules()
            .handle(
                caller,
                new ListAlertRules(
                    filter, page(request.getPageSize(), request.getPageToken(), tokenFilter)));
    var response = ListAlertRulesResponse.newBuilder();
    page.items().forEach(rule -> response.addAlertRules(Views.rule(rule)));
    page.nextCursor().ifPresent(c -> response.setNextPageToken(nextToken(tokenFilter, c)));
    reply(responses, response.build());
  }

  @Override
  public void updateAlertRule(
      UpdateAlertRuleRequest request, StreamObserver<UpdateAlertRuleResponse> responses) {
    var sent = request.getAlertRule();
    var revision = AlertRule.Revision.none();
    var conditionPaths = new ArrayList<String>();
    for (String path : request.getUpdateMask().getPathsList()) {
      switch (path) {
        case "display_name" -> revision = revision.withDisplayName(sent.getDisplayName());
        case "severity" ->
            revision =
                revision.withSeverity(
                    ProtoMapping.severity(sent.getSeverity())
                        .orElseThrow(
                            () ->
                                invalid(
                                    "INVALID_ALERT_RULE",
                                    "alert_rule.severity",
                                    "must be specified")));
        case "enabled" -> revision = revision.withEnabled(sent.getEnabled());
        case "escalate_after" -> revision = revision.withEscalateAfter(escalateAfter(sent));
        case "threshold", "rate_of_change", "sustained", "no_data" -> conditionPaths.add(path);
        default -> throw invalid("INVALID_UPDATE_MASK", "update_mask", "cannot change " + path);
      }
    }
    if (conditionPaths.size() > 1) {
      throw invalid(
          "INVALID_UPDATE_MASK", "update_mask", "names more than one condition: " + conditionPaths);
    }
    if (!conditionPaths.isEmpty()) {
      revision = revision.withCondition(condition(sent));
    }
    var rule =
        handlers
            .updateAlertRule()
            .handle(
                CallPrincipal.current(),
                new UpdateAlertRule(
                    AlertRuleId.parse(sent.getRuleId(), "alert_rule.rule_id"),
                    Views.etag(sent.getEtag(), "alert_rule.etag"),
                    revision));
    reply(responses, UpdateAlertRuleResponse.newBuilder().setAlertRule(Views.rule(rule)).build());
  }

  @Override
  public void deleteAlertRule(
      DeleteAlertRuleRequest request, StreamObserver<DeleteAlertRuleResponse> responses) {
    handlers
        .deleteAlertRule()
        .handle(
            CallPrincipal.current(),
            new DeleteAlertRule(
                AlertRuleId.parse(request.getRuleId(), "rule_id"), Views.etag(request.getEtag(), "etag")));
    reply(responses, DeleteAlertRuleResponse.getDefaultInstance());
  }

  // --- alerts ---

  @Override
  public void listAlerts(ListAlertsRequest request, StreamObserver<ListAlertsResponse> responses) {
    var caller = CallPrincipal.current();
    Set<AlertState> states =
        request.getOpenOnly()
            ? Set.of(AlertState.ACTIVE, AlertState.ACKNOWLEDGED)
            : ProtoMapping.alertState(request.getState()).map(Set::of).orElse(Set.of());
    var filter =
        new AlertFilter(
            customer(request.getCustomerId(), "customer_id"),
            request.getDeviceId().isEmpty()
                ? Optional.empty()
                : Optional.of(DeviceId.parse(request.getDeviceId(), "device_id")),
            request.getRuleId().isEmpty()
                ? Optional.empty()
                : Optional.of(AlertRuleId.parse(request.getRuleId(), "rule_id")),
            states,
            atLeast(request.getMinSeverity()));
    var tokenFilter =
        List.of(
            "ListAlerts",
            request.getCustomerId(),
            request.getDeviceId(),
            request.getRuleId(),
            request.getState().name(),
            Boolean.toString(request.getOpenOnly()),
            request.getMinSeverity().name(),
            scopeOf(caller));
    var page =
        handlers
            .listAlerts()
            .handle(
                caller,
                new ListAlerts(
                    filter, page(request.getPageSize(), request.getPageToken(), tokenFilter)));
    var response = ListAlertsResponse.newBuilder();
    page.items().forEach(alert -> response.addAlerts(Views.alert(alert.data())));
    page.nextCursor().ifPresent(c -> response.setNextPageToken(nextToken(tokenFilter, c)));
    reply(responses, response.build());
  }

  @Override
  public void getAlert(GetAlertRequest request, StreamObserver<GetAlertResponse> responses) {
    var alert =
        handlers
            .getAlert()
            .handle(
                CallPrincipal.current(),
                new GetAlert(AlertId.parse(request.getAlertId(), "alert_id")));
    reply(responses, GetAlertResponse.newBuilder().setAlert(Views.alert(alert.data())).build());
  }

  @Override
  public void acknowledgeAlert(
      AcknowledgeAlertRequest request, StreamObserver<AcknowledgeAlertResponse> responses) {
    var caller = CallPrincipal.current();
    var id = AlertId.parse(request.getAlertId(), "alert_id");
    dev.fieldops.telemetry.domain.alert.Alert alert;
    try {
      alert =
          handlers
              .acknowledgeAlert()
              .handle(
                  caller,
                  new AcknowledgeAlert(id, Views.etag(request.getEtag(), "etag"), request.getNote()));
    } catch (RuleViolationException refused) {
      alert =
          switch (refused.reason()) {
            // The API makes a repeated acknowledgement a no-op that answers with the alert.
            case "ALERT_ALREADY_ACKNOWLEDGED" ->
                handlers.getAlert().handle(caller, new GetAlert(id));
            case "ALERT_ALREADY_CLEARED" ->
                throw new RuleViolationException(
                    "ALERT_CLEARED", refused.getMessage(), refused.metadata());
            default -> throw refused;
          };
    }
    reply(
        responses,
        AcknowledgeAlertResponse.newBuilder().setAlert(Views.alert(alert.data())).build());
  }

  @Override
  public void watchAlerts(
      WatchAlertsRequest request, StreamObserver<WatchAlertsResponse> responses) {
    var caller = CallPrincipal.current();
    var query =
        new WatchAlerts(
            customer(request.getCustomerId(), "customer_id"),
            request.getDeviceId().isEmpty()
                ? Optional.empty()
                : Optional.of(DeviceId.parse(request.getDeviceId(), "device_id")),
            atLeast(request.getMinSeverity()));
    AlertWatchStream.start(
        responses,
        settings.watchQueueCapacity(),
        subscriber -> handlers.watchAlerts().handle(caller, query, subscriber));
  }

  // --- mapping ---

  private static Condition condition(dev.fieldops.telemetry.v1.AlertRule sent) {
    return switch (sent.getConditionCase()) {
      case THRESHOLD -> {
        var t = sent.getThreshold();
        yield new Condition.Threshold(
            direction(t.getDirection(), "alert_rule.threshold.direction"),
            t.getRaiseLevel(),
            t.hasClearLevel() ? t.getClearLevel() : t.getRaiseLevel(),
            t.hasCriticalLevel() ? OptionalDouble.of(t.getCriticalLevel()) : OptionalDouble.empty());
      }
      case RATE_OF_CHANGE -> {
        var r = sent.getRateOfChange();
        yield new Condition.RateOfChange(
            r.getMaxDelta(),
            ProtoMapping.duration(r.getWindow()),
            r.hasCriticalDelta() ? OptionalDouble.of(r.getCriticalDelta()) : OptionalDouble.empty());
      }
      case SUSTAINED -> {
        var s = sent.getSustained();
        yield new Condition.Sustained(
            direction(s.getDirection(), "alert_rule.sustained.direction"),
            s.getLevel(),
            ProtoMapping.duration(s.getDuration()),
            s.hasCriticalLevel() ? OptionalDouble.of(s.getCriticalLevel()) : OptionalDouble.empty());
      }
      case NO_DATA ->
          new Condition.NoData(
              ProtoMapping.duration(sent.getNoData().getSilence()),
              sent.getNoData().hasCriticalSilence()
                  ? Optional.of(ProtoMapping.duration(sent.getNoData().getCriticalSilence()))
                  : Optional.empty());
      case CONDITION_NOT_SET ->
          throw invalid("INVALID_ALERT_RULE", "alert_rule", "needs one condition");
    };
  }

  private static Direction direction(ThresholdDirection direction, String field) {
    return switch (direction) {
      case THRESHOLD_DIRECTION_ABOVE -> Direction.ABOVE;
      case THRESHOLD_DIRECTION_BELOW -> Direction.BELOW;
      case THRESHOLD_DIRECTION_UNSPECIFIED, UNRECOGNIZED ->
          throw invalid("INVALID_ALERT_RULE", field, "must be specified");
    };
  }

  /** The rule's escalation delay; unset means none (on update: remove it). */
  private static Optional<java.time.Duration> escalateAfter(
      dev.fieldops.telemetry.v1.AlertRule sent) {
    return sent.hasEscalateAfter()
        ? Optional.of(ProtoMapping.duration(sent.getEscalateAfter()))
        : Optional.empty();
  }

  /** The API's minimum severity as the domain's filter: WARNING is every alert. */
  private static Optional<Severity> atLeast(AlertSeverity minimum) {
    return ProtoMapping.severity(minimum).filter(severity -> severity == Severity.CRITICAL);
  }

  private static Optional<CustomerId> customer(String sent, String field) {
    return sent.isEmpty() ? Optional.empty() : Optional.of(CustomerId.parse(sent, field));
  }

  private static RuntimeException rejection(RejectReason reason, String deviceId) {
    var ids = Map.of("device_id", deviceId);
    return switch (reason) {
      case NOT_YOUR_DEVICE, UNKNOWN_DEVICE -> NotFoundException.of("device", deviceId);
      case DEVICE_DECOMMISSIONED ->
          new RuleViolationException(
              "DEVICE_DECOMMISSIONED", "device " + deviceId + " is decommissioned", ids);
      case VALUE_OUT_OF_RANGE ->
          InvalidInputException.of(
              "READING_OUT_OF_RANGE", "reading.value", "is outside the metric's physical range");
      case OBSERVE_TIME_TOO_OLD ->
          InvalidInputException.of(
              "READING_TOO_OLD", "reading.observe_time", "is older than the ingest window");
      case OBSERVE_TIME_IN_FUTURE ->
          InvalidInputException.of(
              "READING_IN_FUTURE", "reading.observe_time", "is too far ahead of the server clock");
      case INVALID_READING, DUPLICATE_IN_BATCH ->
          InvalidInputException.of("INVALID_READING", "reading", "is not a complete reading");
    };
  }

  private static InvalidInputException invalid(String reason, String field, String description) {
    return InvalidInputException.of(reason, field, description);
  }

  /** Page tokens are bound to the caller's scope too: a customer cannot reuse an operator's. */
  private static String scopeOf(Principal caller) {
    return caller.confinedToCustomer().orElse("*");
  }

  private PageRequest page(int pageSize, String token, List<?> tokenFilter) {
    int size = PageTokens.clampPageSize(pageSize);
    return new PageRequest(size, pageTokens.decode(token, tokenFilter).map(c -> c.string(0)));
  }

  private String nextToken(List<?> tokenFilter, String cursor) {
    return pageTokens.encode(tokenFilter, List.of(cursor));
  }

  private static <T> void reply(StreamObserver<T> responses, T response) {
    responses.onNext(response);
    responses.onCompleted();
  }
}
