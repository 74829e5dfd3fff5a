package dev.fieldops.telemetry.domain.device;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.kernel.Text;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A sensor on a customer's site.
 *
 * <p>Lifecycle: a device is <em>registered</em> to one customer (ACTIVE, version 1, {@link
 * DeviceRegistered}); while ACTIVE its readings are accepted and evaluated. It is
 * <em>decommissioned</em> once (DECOMMISSIONED, {@link DeviceDecommissioned}); from then on its
 * readings are rejected and a second decommission is refused ({@code
 * DEVICE_ALREADY_DECOMMISSIONED}). The owning customer never changes.
 *
 * <p>Changes accumulate events that the repository drains with {@link #pullEvents()} into the
 * outbox, in the same transaction as the change.
 */
public final class Device {

  /** Deadband when the registration names none. */
  public static final double DEFAULT_DEADBAND_CELSIUS = 0.5;

  static final double MAX_DEADBAND_CELSIUS = 100.0;
  static final int MAX_NAME_LENGTH = 200;

  private DeviceData data;
  private final List<DeviceEvent> pendingEvents = new ArrayList<>();

  private Device(DeviceData data) {
    this.data = data;
  }

  /** What a client asks for when registering a device. */
  public record Registration(
      CustomerId customerId,
      String displayName,
      String location,
      DeviceKind kind,
      Optional<Double> deadbandCelsius) {

    public Registration {
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(deadbandCelsius, "deadbandCelsius");
      displayName = displayName == null ? "" : displayName.strip();
      location = location == null ? "" : location.strip();
    }
  }

  /** Registers a new device; its id comes from the stamp. */
  public static Device register(Registration registration, Stamp stamp) {
    var violations = new ArrayList<FieldViolation>();
    if (registration.displayName().isEmpty()) {
      violations.add(new FieldViolation("display_name", "must not be blank"));
    } else if (!Text.atMost(registration.displayName(), MAX_NAME_LENGTH)) {
      violations.add(new FieldViolation("display_name", "must be at most 200 characters"));
    }
    if (!Text.atMost(registration.location(), MAX_NAME_LENGTH)) {
      violations.add(new FieldViolation("location", "must be at most 200 characters"));
    }
    double deadband = registration.deadbandCelsius().orElse(DEFAULT_DEADBAND_CELSIUS);
    if (!(deadband >= 0 && deadband <= MAX_DEADBAND_CELSIUS)) {
      violations.add(new FieldViolation("deadband_celsius", "must be between 0 and 100"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException("INVALID_DEVICE", violations);
    }
    var now = stamp.now();
    var device =
        new Device(
            new DeviceData(
                new DeviceId(stamp.newId()),
                registration.customerId(),
                registration.displayName(),
                registration.location(),
                registration.kind(),
                DeviceState.ACTIVE,
                deadband,
                now,
                Optional.empty(),
                now,
                1));
    device.pendingEvents.add(
        new DeviceRegistered(
            stamp.newId(),
            now,
            device.id(),
            1,
            device.customerId(),
            device.data.displayName(),
            device.data.location(),
            device.data.kind(),
            deadband));
    return device;
  }

  /** Rebuilds a stored device; raises no event. */
  public static Device rehydrate(DeviceData data) {
    return new Device(Objects.requireNonNull(data, "data"));
  }

  /** Takes the device out of service: its readings are rejected from now on. */
  public void decommission(Stamp stamp) {
    if (data.state() == DeviceState.DECOMMISSIONED) {
      throw new RuleViolationException(
          "DEVICE_ALREADY_DECOMMISSIONED",
          "device " + id() + " is already decommissioned",
          Map.of("device_id", id().toString()));
    }
    var now = stamp.now();
    data =
        new DeviceData(
            data.id(),
            data.customerId(),
            data.displayName(),
            data.location(),
            data.kind(),
            DeviceState.DECOMMISSIONED,
            data.deadbandCelsius(),
            data.registerTime(),
            Optional.of(now),
            now,
            data.version() + 1);
    pendingEvents.add(
        new DeviceDecommissioned(stamp.newId(), now, id(), data.version(), customerId()));
  }

  /** The events raised since the last hand-over, without handing them over. */
  public List<DeviceEvent> pendingEvents() {
    return List.copyOf(pendingEvents);
  }

  /** Hands over the events raised since the last call (for the outbox); clears them. */
  public List<DeviceEvent> pullEvents() {
    var events = List.copyOf(pendingEvents);
    pendingEvents.clear();
    return events;
  }

  public DeviceData data() {
    return data;
  }

  public DeviceProfile profile() {
    return data.profile();
  }

  public DeviceId id() {
    return data.id();
  }

  public CustomerId customerId() {
    return data.customerId();
  }

  public DeviceState state() {
    return data.state();
  }

  public long version() {
    return data.version();
  }
}
