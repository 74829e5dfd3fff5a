package dev.fieldops.telemetry.adapter.grpc;

import dev.fieldops.grpc.CallPrincipal;
import dev.fieldops.grpc.FieldPaths;
import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.KeyedCommand;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Replayable;
import dev.fieldops.kernel.RequestKey;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.runtime.IdempotentCommands;
import dev.fieldops.telemetry.adapter.proto.TelemetryProtos;
import dev.fieldops.telemetry.application.TelemetryApplication;
import dev.fieldops.telemetry.application.command.CreateAlertRule;
import dev.fieldops.telemetry.application.command.IngestReadings;
import dev.fieldops.telemetry.application.command.RegisterDevice;
import dev.fieldops.telemetry.application.query.GetAlert;
import dev.fieldops.telemetry.application.query.GetAlertRule;
import dev.fieldops.telemetry.application.query.GetDevice;
import dev.fieldops.telemetry.application.query.ListAlertRules;
import dev.fieldops.telemetry.application.query.ListAlerts;
import dev.fieldops.telemetry.application.query.ListDevices;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * {@code fieldops.telemetry.v1.TelemetryService}: proto → command or query ({@link
 * TelemetryRequests}) → handler → proto ({@link TelemetryProtos}), and domain errors back to the
 * API's terms. The caller is {@link CallPrincipal#current()}; the RPCs that take a {@code
 * request_id} run through {@link IdempotentCommands}; page tokens are bound to the list, its
 * filters and the caller's scope ({@link ListPages}); field violations the domain names get the
 * resource's request path in front ({@link FieldPaths}). Where the API promises more forgiving
 * semantics than the domain's transitions (decommissioning a decommissioned device, acknowledging
 * an acknowledged alert "change nothing"), the adapter answers with the current state instead of
 * the refusal.
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

  /** Request-level fields: never put under the resource's path. */
  private static final Set<String> REQUEST_FIELDS =
      Set.of("request_id", "update_mask", "device", "alert_rule");

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
      CommandHandler<KeyedCommand<RegisterDevice>, Replayable<DeviceData>> registerDevice,
      CommandHandler<KeyedCommand<CreateAlertRule>, Replayable<AlertRule>> createAlertRule) {

    public Idempotent {
      Objects.requireNonNull(registerDevice, "registerDevice");
      Objects.requireNonNull(createAlertRule, "createAlertRule");
    }
  }

  private final TelemetryApplication application;
  private final Idempotent idempotent;
  private final ListPages listPages;
  private final Settings settings;
  private final Semaphore streamBatches;

  public TelemetryGrpcService(
      TelemetryApplication application,
      Idempotent idempotent,
      PageTokens pageTokens,
      Settings settings) {
    this.application = Objects.requireNonNull(application, "application");
    this.idempotent = Objects.requireNonNull(idempotent, "idempotent");
    this.listPages = new ListPages(pageTokens);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.streamBatches = new Semaphore(settings.concurrentStreamBatches(), true);
  }

  // ---------------------------------------------------------------- devices

  @Override
  public void registerDevice(
      RegisterDeviceRequest request, StreamObserver<RegisterDeviceResponse> responses) {
    var caller = CallPrincipal.current();
    var result =
        onResource(
            "device.",
            () ->
                idempotent
                    .registerDevice()
                    .handle(
                        new KeyedCommand<>(
                            new RequestKey(request.getRequestId(), request.toByteArray()),
                            TelemetryRequests.registerDevice(
                                caller, request, settings.defaultDeadbandCelsius()))));
    reply(
        responses,
        IdempotentCommands.response(
            result, TelemetryGrpcService::registerDeviceResponse, RegisterDeviceResponse.parser()));
  }

  /** RegisterDevice's response: also what the wiring stores for its retries. */
  public static RegisterDeviceResponse registerDeviceResponse(DeviceData device) {
    return RegisterDeviceResponse.newBuilder().setDevice(TelemetryProtos.device(device)).build();
  }

  @Override
  public void getDevice(GetDeviceRequest request, StreamObserver<GetDeviceResponse> responses) {
    var query =
        new GetDevice(CallPrincipal.current(), DeviceId.parse(request.getDeviceId(), "device_id"));
    var device = application.getDevice().handle(query);
    reply(
        responses,
        GetDeviceResponse.newBuilder().setDevice(TelemetryProtos.device(device)).build());
  }

  @Override
  public void listDevices(
      ListDevicesRequest request, StreamObserver<ListDevicesResponse> responses) {
    var caller = CallPrincipal.current();
    var filter = TelemetryRequests.deviceFilter(request);
    var pages = listPages.bind(caller, TelemetryRequests.tokenFilter(request));
    var page =
        application
            .listDevices()
            .handle(
                new ListDevices(
                    caller, filter, pages.request(request.getPageSize(), request.getPageToken())));
    var response = ListDevicesResponse.newBuilder().setNextPageToken(pages.next(page.nextCursor()));
    page.items().forEach(device -> response.addDevices(TelemetryProtos.device(device)));
    reply(responses, response.build());
  }

  @Override
  public void decommissionDevice(
      DecommissionDeviceRequest request, StreamObserver<DecommissionDeviceResponse> responses) {
    var caller = CallPrincipal.current();
    var command = TelemetryRequests.decommissionDevice(caller, request);
    DeviceData device;
    try {
      device = application.decommissionDevice().handle(command);
    } catch (RuleViolationException refused) {
      if (!"DEVICE_ALREADY_DECOMMISSIONED".equals(refused.reason())) {
        throw refused;
      }
      // The API makes a repeated decommission a no-op that answers with the device.
      device = application.getDevice().handle(new GetDevice(caller, command.deviceId()));
    }
    reply(
        responses,
        DecommissionDeviceResponse.newBuilder().setDevice(TelemetryProtos.device(device)).build());
  }

  // ---------------------------------------------------------------- readings

  @Override
  public void recordReading(
      RecordReadingRequest request, StreamObserver<RecordReadingResponse> responses) {
    var reading = TelemetryRequests.reading(request);
    var result =
        application
            .ingestReadings()
            .handle(new IngestReadings(CallPrincipal.current(), List.of(reading)));
    if (result.rejected() > 0) {
      throw rejection(result.rejectedSamples().getFirst().reason(), reading.deviceId());
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
            return application.ingestReadings().handle(new IngestReadings(caller, batch));
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
    var pages = listPages.bind(caller, TelemetryRequests.tokenFilter(request));
    var page = pages.request(request.getPageSize(), request.getPageToken());
    var answer =
        application.queryReadings().handle(TelemetryRequests.queryReadings(caller, request, page));
    var functions = request.getAggregation().getFunctionsList();
    reply(responses, TelemetryProtos.readings(answer, functions, pages.next(answer.nextCursor())));
  }

  // ---------------------------------------------------------------- rules

  @Override
  public void createAlertRule(
      CreateAlertRuleRequest request, StreamObserver<CreateAlertRuleResponse> responses) {
    var caller = CallPrincipal.current();
    var result =
        onResource(
            "alert_rule.",
            () ->
                idempotent
                    .createAlertRule()
                    .handle(
                        new KeyedCommand<>(
                            new RequestKey(request.getRequestId(), request.toByteArray()),
                            TelemetryRequests.createAlertRule(caller, request))));
    reply(
        responses,
        IdempotentCommands.response(
            result,
            TelemetryGrpcService::createAlertRuleResponse,
            CreateAlertRuleResponse.parser()));
  }

  /** CreateAlertRule's response: also what the wiring stores for its retries. */
  public static CreateAlertRuleResponse createAlertRuleResponse(AlertRule rule) {
    return CreateAlertRuleResponse.newBuilder().setAlertRule(TelemetryProtos.rule(rule)).build();
  }

  @Override
  public void getAlertRule(
      GetAlertRuleRequest request, StreamObserver<GetAlertRuleResponse> responses) {
    var query =
        new GetAlertRule(
            CallPrincipal.current(), AlertRuleId.parse(request.getRuleId(), "rule_id"));
    var rule = application.getAlertRule().handle(query);
    reply(
        responses,
        GetAlertRuleResponse.newBuilder().setAlertRule(TelemetryProtos.rule(rule)).build());
  }

  @Override
  public void listAlertRules(
      ListAlertRulesRequest request, StreamObserver<ListAlertRulesResponse> responses) {
    var caller = CallPrincipal.current();
    var filter = TelemetryRequests.ruleFilter(request);
    var pages = listPages.bind(caller, TelemetryRequests.tokenFilter(request));
    var page =
        application
            .listAlertRules()
            .handle(
                new ListAlertRules(
                    caller, filter, pages.request(request.getPageSize(), request.getPageToken())));
    var response =
        ListAlertRulesResponse.newBuilder().setNextPageToken(pages.next(page.nextCursor()));
    page.items().forEach(rule -> response.addAlertRules(TelemetryProtos.rule(rule)));
    reply(responses, response.build());
  }

  @Override
  public void updateAlertRule(
      UpdateAlertRuleRequest request, StreamObserver<UpdateAlertRuleResponse> responses) {
    var caller = CallPrincipal.current();
    var rule =
        onResource(
            "alert_rule.",
            () ->
                application
                    .updateAlertRule()
                    .handle(TelemetryRequests.updateAlertRule(caller, request)));
    reply(
        responses,
        UpdateAlertRuleResponse.newBuilder().setAlertRule(TelemetryProtos.rule(rule)).build());
  }

  @Override
  public void deleteAlertRule(
      DeleteAlertRuleRequest request, StreamObserver<DeleteAlertRuleResponse> responses) {
    application
        .deleteAlertRule()
        .handle(TelemetryRequests.deleteAlertRule(CallPrincipal.current(), request));
    reply(responses, DeleteAlertRuleResponse.getDefaultInstance());
  }

  // ---------------------------------------------------------------- alerts

  @Override
  public void listAlerts(ListAlertsRequest request, StreamObserver<ListAlertsResponse> responses) {
    var caller = CallPrincipal.current();
    var filter = TelemetryRequests.alertFilter(request);
    var pages = listPages.bind(caller, TelemetryRequests.tokenFilter(request));
    var page =
        application
            .listAlerts()
            .handle(
                new ListAlerts(
                    caller, filter, pages.request(request.getPageSize(), request.getPageToken())));
    var response = ListAlertsResponse.newBuilder().setNextPageToken(pages.next(page.nextCursor()));
    page.items().forEach(alert -> response.addAlerts(TelemetryProtos.alert(alert)));
    reply(responses, response.build());
  }

  @Override
  public void getAlert(GetAlertRequest request, StreamObserver<GetAlertResponse> responses) {
    var query =
        new GetAlert(CallPrincipal.current(), AlertId.parse(request.getAlertId(), "alert_id"));
    var alert = application.getAlert().handle(query);
    reply(responses, GetAlertResponse.newBuilder().setAlert(TelemetryProtos.alert(alert)).build());
  }

  @Override
  public void acknowledgeAlert(
      AcknowledgeAlertRequest request, StreamObserver<AcknowledgeAlertResponse> responses) {
    var caller = CallPrincipal.current();
    var command = TelemetryRequests.acknowledgeAlert(caller, request);
    AlertData alert;
    try {
      alert = application.acknowledgeAlert().handle(command);
    } catch (RuleViolationException refused) {
      alert =
          switch (refused.reason()) {
            // The API makes a repeated acknowledgement a no-op that answers with the alert.
            case "ALERT_ALREADY_ACKNOWLEDGED" ->
                application.getAlert().handle(new GetAlert(caller, command.alertId()));
            case "ALERT_ALREADY_CLEARED" ->
                throw new RuleViolationException(
                    "ALERT_CLEARED", refused.getMessage(), refused.metadata());
            default -> throw refused;
          };
    }
    reply(
        responses,
        AcknowledgeAlertResponse.newBuilder().setAlert(TelemetryProtos.alert(alert)).build());
  }

  @Override
  public void watchAlerts(
      WatchAlertsRequest request, StreamObserver<WatchAlertsResponse> responses) {
    var query = TelemetryRequests.watchAlerts(CallPrincipal.current(), request);
    AlertWatchStream.start(
        responses,
        settings.watchQueueCapacity(),
        (subscriber, onGap) -> application.watchAlerts().handle(query, subscriber, onGap));
  }

  // ---------------------------------------------------------------- errors

  /** A reading the application refused, in the API's terms. */
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

  /**
   * Runs {@code work}, reporting the fields the domain names under the resource's request path
   * ({@code display_name} → {@code alert_rule.display_name}).
   */
  private static <T> T onResource(String resourcePath, Supplier<T> work) {
    return FieldPaths.underResource(resourcePath, REQUEST_FIELDS, work);
  }

  private static <T> void reply(StreamObserver<T> responses, T response) {
    responses.onNext(response);
    responses.onCompleted();
  }
}
