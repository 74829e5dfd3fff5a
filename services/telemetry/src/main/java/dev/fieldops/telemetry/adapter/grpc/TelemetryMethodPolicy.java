package dev.fieldops.telemetry.adapter.grpc;

import static dev.fieldops.grpc.Allow.customer;
import static dev.fieldops.grpc.Allow.device;
import static dev.fieldops.grpc.Allow.service;
import static dev.fieldops.grpc.Allow.staff;
import static dev.fieldops.kernel.Principal.Role.ADMIN;
import static dev.fieldops.kernel.Principal.Role.TELEMETRY_OPERATOR;

import dev.fieldops.grpc.Allow;
import dev.fieldops.grpc.CallClass;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;

/**
 * Who may call which method of the TelemetryService, deny by default:
 *
 * <ul>
 *   <li>{@code telemetry_operator} and {@code admin}: everything;
 *   <li>customers: everything about their own devices, readings, rules and alerts (the handlers
 *       confine them: another customer's object is NOT_FOUND, lists hold only their own);
 *   <li>devices: ingest only ({@code RecordReading}, {@code StreamReadings}), for their own id;
 *   <li>the customer-support context: device details and readings, to help a customer.
 * </ul>
 *
 * Other staff roles may call nothing here.
 */
public final class TelemetryMethodPolicy {

  private static final Allow OPERATORS = staff(TELEMETRY_OPERATOR, ADMIN);
  private static final Allow SUPPORT = service("support");

  public static final MethodPolicy POLICY =
      MethodPolicy.builder()
          .allow(TelemetryServiceGrpc.getRegisterDeviceMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getGetDeviceMethod(), OPERATORS, customer(), SUPPORT)
          .allow(TelemetryServiceGrpc.getListDevicesMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getDecommissionDeviceMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getRecordReadingMethod(), OPERATORS, customer(), device())
          .allow(TelemetryServiceGrpc.getStreamReadingsMethod(), OPERATORS, customer(), device())
          .allow(TelemetryServiceGrpc.getQueryReadingsMethod(), OPERATORS, customer(), SUPPORT)
          .allow(TelemetryServiceGrpc.getCreateAlertRuleMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getGetAlertRuleMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getListAlertRulesMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getUpdateAlertRuleMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getDeleteAlertRuleMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getListAlertsMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getGetAlertMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getAcknowledgeAlertMethod(), OPERATORS, customer())
          .allow(TelemetryServiceGrpc.getWatchAlertsMethod(), OPERATORS, customer())
          // Rate-limit classes (AbuseLimits): readings have their own budget, and WatchAlerts
          // streams are also bounded in number.
          .classify(
              CallClass.READS,
              TelemetryServiceGrpc.getGetDeviceMethod(),
              TelemetryServiceGrpc.getListDevicesMethod(),
              TelemetryServiceGrpc.getQueryReadingsMethod(),
              TelemetryServiceGrpc.getGetAlertRuleMethod(),
              TelemetryServiceGrpc.getListAlertRulesMethod(),
              TelemetryServiceGrpc.getListAlertsMethod(),
              TelemetryServiceGrpc.getGetAlertMethod())
          .classify(
              CallClass.WRITES,
              TelemetryServiceGrpc.getRegisterDeviceMethod(),
              TelemetryServiceGrpc.getDecommissionDeviceMethod(),
              TelemetryServiceGrpc.getCreateAlertRuleMethod(),
              TelemetryServiceGrpc.getUpdateAlertRuleMethod(),
              TelemetryServiceGrpc.getDeleteAlertRuleMethod(),
              TelemetryServiceGrpc.getAcknowledgeAlertMethod())
          .classify(
              CallClass.INGEST,
              TelemetryServiceGrpc.getRecordReadingMethod(),
              TelemetryServiceGrpc.getStreamReadingsMethod())
          .classify(CallClass.WATCH, TelemetryServiceGrpc.getWatchAlertsMethod())
          .build();

  private TelemetryMethodPolicy() {}
}
