package dev.fieldops.telemetry.application.shared;

import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Optional;

/**
 * Object-level authorization of the telemetry context, in one place. Each method answers "within
 * which scope may this principal do this", and handlers push that scope into their port calls, so
 * another customer's object is simply not found. An empty answer means "nothing at all": the
 * handler then behaves as if the object did not exist.
 *
 * <table>
 *   <caption>Who may do what</caption>
 *   <tr><th>principal</th><th>devices, readings</th><th>rules, alerts</th><th>manage</th><th>ingest</th></tr>
 *   <tr><td>staff telemetry_operator, admin</td><td>all</td><td>all</td><td>all</td><td>any device</td></tr>
 *   <tr><td>other staff</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>customer</td><td>own</td><td>own</td><td>own</td><td>own devices</td></tr>
 *   <tr><td>device</td><td>-</td><td>-</td><td>-</td><td>its own id only</td></tr>
 *   <tr><td>service</td><td>all (read)</td><td>-</td><td>-</td><td>-</td></tr>
 * </table>
 *
 * <p>"Manage" is registering and decommissioning devices, creating, changing and deleting rules,
 * and acknowledging alerts. Method-level rules (which principal kinds may call an RPC at all, and
 * PERMISSION_DENIED otherwise) belong to the transport layer's policy table; this class is the
 * defence in depth behind it and never grants more than the table above.
 */
public final class TelemetryAccess {

  private TelemetryAccess() {}

  /** Where the principal may read devices and their readings. */
  public static Optional<AccessScope> toDevicesAndReadings(Principal principal) {
    return switch (principal) {
      case Principal.Staff staff -> operatorScope(staff);
      case Principal.Customer customer -> ownScope(customer);
      case Principal.Service service -> Optional.of(AccessScope.everyone());
      case Principal.Device device -> Optional.empty();
    };
  }

  /** Where the principal may read alert rules and alerts (and watch alert changes). */
  public static Optional<AccessScope> toRulesAndAlerts(Principal principal) {
    return switch (principal) {
      case Principal.Staff staff -> operatorScope(staff);
      case Principal.Customer customer -> ownScope(customer);
      case Principal.Service service -> Optional.empty();
      case Principal.Device device -> Optional.empty();
    };
  }

  /** Where the principal may change things: devices, rules, acknowledgements. */
  public static Optional<AccessScope> toManage(Principal principal) {
    return switch (principal) {
      case Principal.Staff staff -> operatorScope(staff);
      case Principal.Customer customer -> ownScope(customer);
      case Principal.Service service -> Optional.empty();
      case Principal.Device device -> Optional.empty();
    };
  }

  /** For which devices the principal may report readings. */
  public static IngestRight toIngest(Principal principal) {
    return switch (principal) {
      case Principal.Staff staff ->
          isOperator(staff) ? new IngestRight.AnyDevice() : new IngestRight.NoDevice();
      case Principal.Customer customer ->
          CustomerId.tryParse(customer.customerId())
              .<IngestRight>map(IngestRight.CustomerDevices::new)
              .orElse(new IngestRight.NoDevice());
      case Principal.Device device ->
          DeviceId.tryParse(device.deviceId())
              .<IngestRight>map(IngestRight.OwnDevice::new)
              .orElse(new IngestRight.NoDevice());
      case Principal.Service service -> new IngestRight.NoDevice();
    };
  }

  /** The devices a principal may report for. */
  public sealed interface IngestRight {

    /** Operators and administrators. */
    record AnyDevice() implements IngestRight {}

    /** A device principal: only its own readings; others are rejected as NOT_YOUR_DEVICE. */
    record OwnDevice(DeviceId deviceId) implements IngestRight {}

    /** A customer: only its own devices; others' are UNKNOWN_DEVICE, as if missing. */
    record CustomerDevices(CustomerId customerId) implements IngestRight {}

    /** Anyone else: every reading is rejected as NOT_YOUR_DEVICE. */
    record NoDevice() implements IngestRight {}
  }

  private static boolean isOperator(Principal.Staff staff) {
    return staff.hasAnyRole(Role.TELEMETRY_OPERATOR, Role.ADMIN);
  }

  private static Optional<AccessScope> operatorScope(Principal.Staff staff) {
    return isOperator(staff) ? Optional.of(AccessScope.everyone()) : Optional.empty();
  }

  private static Optional<AccessScope> ownScope(Principal.Customer customer) {
    return CustomerId.tryParse(customer.customerId()).map(AccessScope::customer);
  }
}
