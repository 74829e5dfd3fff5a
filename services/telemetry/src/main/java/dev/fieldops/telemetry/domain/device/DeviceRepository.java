package dev.fieldops.telemetry.domain.device;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where devices live. Every write drains the device's events ({@link Device#pullEvents()}) into the
 * outbox in the same transaction. Reads and updates take the caller's {@link AccessScope} and apply
 * it in the query: a device outside the scope is not found.
 */
public interface DeviceRepository {

  /** Stores a newly registered device and its events. */
  void add(Device device);

  /**
   * Loads the device (locking it against concurrent updates), lets {@code change} apply a domain
   * method, saves the result with its events, all in one transaction, and returns the device as
   * saved. A {@link dev.fieldops.kernel.DomainException} thrown by {@code change} rolls back and
   * propagates unchanged.
   *
   * @throws dev.fieldops.kernel.NotFoundException {@code DEVICE_NOT_FOUND} when the device does not
   *     exist or lies outside the scope
   */
  Device update(DeviceId id, AccessScope scope, Consumer<Device> change);

  Optional<Device> findById(DeviceId id, AccessScope scope);

  /** Devices in id (= registration) order, keyset-paginated. */
  Page<Device> list(DeviceFilter filter, AccessScope scope, PageRequest page);
}
