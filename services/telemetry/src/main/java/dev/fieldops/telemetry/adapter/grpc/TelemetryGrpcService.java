package dev.fieldops.telemetry.adapter.grpc;

import static dev.fieldops.telemetry.adapter.grpc.TelemetryRequests.atLeast;
import static dev.fieldops.telemetry.adapter.grpc.TelemetryRequests.condition;
import static dev.fieldops.telemetry.adapter.grpc.TelemetryRequests.customer;
import static dev.fieldops.telemetry.adapter.grpc.TelemetryRequests.escalateAfter;
import static dev.fieldops.telemetry.adapter.grpc.TelemetryRequests.invalid;
import static dev.fieldops.telemetry.adapter.proto.TelemetryProtos.instant;

import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.grpc.Etags;
import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.KeyedCommand;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Replayable;
import dev.fieldops.kernel.RequestKey;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.runtime.IdempotentCommands;
import dev.fieldops.telemetry.adapter.proto.TelemetryProtos;
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
import dev.fieldops.telemetry.application.query.WatchAlerts;
import dev.fieldops.telemetry.domain.alert.AlertFilter;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceFilter;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.v1.AcknowledgeAlertRequest;
import dev.fieldops.telemetry.v1.AcknowledgeAlertResponse;
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
import dev.fieldops.telemetry.v1.RecordReadingRequest;
import dev.fieldops.telemetry.v1.RecordReadingResponse;
import dev.fieldops.telemetry.v1.RegisterDeviceRequest;
import dev.fieldops.telemetry.v1.RegisterDeviceResponse;
import dev.fieldops.telemetry.v1.StreamReadingsRequest;
import dev.fieldops.telemetry.v1.StreamReadingsResponse;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import dev.fieldops.telemetry.v1.UpdateAlertRuleRequest;
import dev.fieldops.telemetry.v1.UpdateAlertRuleResponse;
import dev.fieldops.telemetry.v1.WatchAlertsRequest;
import dev.fieldops.telemetry.v1.WatchAlertsResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

  /** The operation name of RegisterDevice's idempotency records. */
  public static final String REGISTER_DEVICE =
      TelemetryServiceGrpc.getRegisterDeviceMethod().getFullMethodName();

  /** The operation name of CreateAlertRule's idempotency records. */
  public static final String CREATE_ALERT_RULE =
      TelemetryServiceGrpc.getCreateAlertRuleMethod().getFullMethodName();

  /**
   * The commands a client may send again with the same {@code request_id}, each answering either
   * its fresh view or the response stored the first time.
   */
  public record Idempotent(
      CommandHandler<KeyedCommand<RegisterDevice>, Replayable<Device>> registerDevice,
      CommandHandler<KeyedCommand<CreateAlertRule>, Replayable<AlertRule>> createAlertRule) {

    public Idempotent {
      Objects.requireNonNull(registerDevice, "registerDevice");
      Objects.requireNonNull(createAlertRule, "createAlertRule");
    }
  }

  private final TelemetryApplication handlers;
  private final Idempotent idempotent;
  private final PageTokens pageTokens;
  private final Settings settings;
  private final Semaphore streamBatches;

  public TelemetryGrpcService(
      TelemetryApplication handlers,
      Idempotent idempotent,
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
    var sent = request.getDevice();
    var result =
        idempotent
            .registerDevice()
            .handle(
                new KeyedCommand<>(
                    new RequestKey(request.getRequestId(), request.toByteArray()),
                    new RegisterDevice(
                        caller,
                        CustomerId.parse(sent.getCustomerId(), "device.customer_id"),
                        sent.getDisplayName(),
                        sent.getLocation(),
                        TelemetryProtos.kind(sent.getKind())
                            .orElseThrow(
                                () ->
                                    invalid("INVALID_DEVICE", "device.kind", "must be specified")),
                        Optional.of(
                            sent.getDeadbandCelsius() == 0
                                ? settings.defaultDeadbandCelsius()
                                : sent.getDeadbandCelsius()))));
    reply(
        responses,
        IdempotentCommands.response(
            result, TelemetryGrpcService::registerDeviceResponse, RegisterDeviceResponse.parser()));
  }

  /** RegisterDevice's response: also what the wiring stores for its retries. */
  public static RegisterDeviceResponse registerDeviceResponse(Device device) {
    return RegisterDeviceResponse.newBuilder().setDevice(Views.device(device.data())).build();
  }

  @Override
  public void getDevice(GetDeviceRequest request, StreamObserver<GetDeviceResponse> responses) {
    var device =
        handlers
            .getDevice()
            .handle(
                new GetDevice(
                    CallPrincipal.current(), DeviceId.parse(request.getDeviceId(), "device_id")));
    reply(responses, GetDeviceResponse.newBuilder().setDevice(Views.device(device.data())).build());
  }

  @Override
  public void listDevices(
      ListDevicesRequest request, StreamObserver<ListDevicesResponse> responses) {
    var caller = CallPrincipal.current();
    var filter =
        new DeviceFilter(
            customer(request.getCustomerId(), "customer_id"),
            TelemetryProtos.deviceState(request.getState()),
            TelemetryProtos.kind(request.getKind()));
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
                new ListDevices(
                    caller,
                    filter,
                    page(request.getPageSize(), request.getPageToken(), tokenFilter)));
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
              .handle(
                  new DecommissionDevice(
                      caller, id, Etags.expectedVersion(request.getEtag(), "etag")));
    } catch (RuleViolationException refused) {
      if (!"DEVICE_ALREADY_DECOMMISSIONED".equals(refused.reason())) {
        throw refused;
      }
      // The API makes a repeated decommission a no-op that answers with the device.
      device = handlers.getDevice().handle(new GetDevice(caller, id));
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
                new IngestReadings(
                    CallPrincipal.current(),
                    List.of(
                        new ReadingSubmission(
                            reading.getDeviceId(),
                            TelemetryProtos.metric(reading.getMetric()).orElseThrow(),
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
            return handlers.ingestReadings().handle(new IngestReadings(caller, batch));
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
    var metric = TelemetryRequests.metric(request);
    var range = TelemetryRequests.range(request);
    var tokenFilter =
        List.of(
            "QueryReadings",
            request.getDeviceId(),
            metric.name(),
            range.from().toString(),
            range.to().toString(),
            request.getAggregation().toString(),
            scopeOf(caller));
    var page = page(request.getPageSize(), request.getPageToken(), tokenFilter);
    var query =
        new QueryReadings(
            caller, device, metric, range, TelemetryRequests.bucketWidth(request), page);
    var answer = handlers.queryReadings().handle(query);
    var response = Views.readings(answer, request.getAggregation().getFunctionsList());
    answer.nextCursor().ifPresent(c -> response.setNextPageToken(nextToken(tokenFilter, c)));
    reply(responses, response.build());
  }

  // --- rules ---

  @Override
  public void createAlertRule(
      CreateAlertRuleRequest request, StreamObserver<CreateAlertRuleResponse> responses) {
    var caller = CallPrincipal.current();
    var sent = request.getAlertRule();
    var metric =
        TelemetryProtos.metric(sent.getMetric())
            .orElseThrow(
                () -> invalid("INVALID_ALERT_RULE", "alert_rule.metric", "must be specified"));
    var condition = condition(sent);
    var result =
        idempotent
            .createAlertRule()
            .handle(
                new KeyedCommand<>(
                    new RequestKey(request.getRequestId(), request.toByteArray()),
                    new CreateAlertRule(
                        caller,
                        CustomerId.parse(sent.getCustomerId(), "alert_rule.customer_id"),
                        sent.getDeviceId().isEmpty()
                            ? new RuleTarget.AllCustomerDevices()
                            : new RuleTarget.SingleDevice(
                                DeviceId.parse(sent.getDeviceId(), "alert_rule.device_id")),
                        sent.getDisplayName().isBlank()
                            ? RuleNames.defaultName(metric, condition)
                            : sent.getDisplayName(),
                        metric,
                        TelemetryProtos.severity(sent.getSeverity()).orElse(Severity.WARNING),
                        escalateAfter(sent),
                        !sent.hasEnabled() || sent.getEnabled(),
                        condition)));
    reply(
        responses,
        IdempotentCommands.response(
            result,
            TelemetryGrpcService::createAlertRuleResponse,
            CreateAlertRuleResponse.parser()));
  }

  /** CreateAlertRule's response: also what the wiring stores for its retries. */
  public static CreateAlertRuleResponse createAlertRuleResponse(AlertRule rule) {
    return CreateAlertRuleResponse.newBuilder().setAlertRule(Views.rule(rule)).build();
  }

  @Override
  public void getAlertRule(
      GetAlertRuleRequest request, StreamObserver<GetAlertRuleResponse> responses) {
    var rule =
        handlers
            .getAlertRule()
            .handle(
                new GetAlertRule(
                    CallPrincipal.current(), AlertRuleId.parse(request.getRuleId(), "rule_id")));
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
                new ListAlertRules(
                    caller,
                    filter,
                    page(request.getPageSize(), request.getPageToken(), tokenFilter)));
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
                    TelemetryProtos.severity(sent.getSeverity())
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
                new UpdateAlertRule(
                    CallPrincipal.current(),
                    AlertRuleId.parse(sent.getRuleId(), "alert_rule.rule_id"),
                    Etags.expectedVersion(sent.getEtag(), "alert_rule.etag"),
                    revision));
    reply(responses, UpdateAlertRuleResponse.newBuilder().setAlertRule(Views.rule(rule)).build());
  }

  @Override
  public void deleteAlertRule(
      DeleteAlertRuleRequest request, StreamObserver<DeleteAlertRuleResponse> responses) {
    handlers
        .deleteAlertRule()
        .handle(
            new DeleteAlertRule(
                CallPrincipal.current(),
                AlertRuleId.parse(request.getRuleId(), "rule_id"),
                Etags.expectedVersion(request.getEtag(), "etag")));
    reply(responses, DeleteAlertRuleResponse.getDefaultInstance());
  }

  // --- alerts ---

  @Override
  public void listAlerts(ListAlertsRequest request, StreamObserver<ListAlertsResponse> responses) {
    var caller = CallPrincipal.current();
    Set<AlertState> states =
        request.getOpenOnly()
            ? Set.of(AlertState.ACTIVE, AlertState.ACKNOWLEDGED)
            : TelemetryProtos.alertState(request.getState()).map(Set::of).orElse(Set.of());
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
                new ListAlerts(
                    caller,
                    filter,
                    page(request.getPageSize(), request.getPageToken(), tokenFilter)));
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
                new GetAlert(
                    CallPrincipal.current(), AlertId.parse(request.getAlertId(), "alert_id")));
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
                  new AcknowledgeAlert(
                      caller,
                      id,
                      Etags.expectedVersion(request.getEtag(), "etag"),
                      request.getNote()));
    } catch (RuleViolationException refused) {
      alert =
          switch (refused.reason()) {
            // The API makes a repeated acknowledgement a no-op that answers with the alert.
            case "ALERT_ALREADY_ACKNOWLEDGED" ->
                handlers.getAlert().handle(new GetAlert(caller, id));
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
            caller,
            customer(request.getCustomerId(), "customer_id"),
            request.getDeviceId().isEmpty()
                ? Optional.empty()
                : Optional.of(DeviceId.parse(request.getDeviceId(), "device_id")),
            atLeast(request.getMinSeverity()));
    AlertWatchStream.start(
        responses,
        settings.watchQueueCapacity(),
        subscriber -> handlers.watchAlerts().handle(query, subscriber));
  }

  // --- mapping ---

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
