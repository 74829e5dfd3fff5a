package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.DEVICE;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.device.DeviceState;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;

/**
 * Device profiles for the ingest path, cached: one query per batch for the devices not in the
 * cache, none for those that are. This instance's own changes invalidate their entry at once, other
 * replicas' changes when their notification arrives ({@link CacheInvalidationRelay}); until then,
 * the evaluation pass tells a stale entry by the device's version in its locking query, and the
 * batch starts over with the device invalidated. So an entry needs no time-to-live.
 */
public final class JooqDeviceDirectory implements DeviceDirectory {

  private final Db db;
  private final ConcurrentHashMap<DeviceId, DeviceProfile> cache = new ConcurrentHashMap<>();
  // Bumped by every invalidation, so that a load that raced with one does not cache stale rows.
  private final AtomicLong generation = new AtomicLong();

  public JooqDeviceDirectory(Transactor transactor, DSLContext dsl) {
    this.db = new Db(transactor, dsl);
  }

  @Override
  public Map<DeviceId, DeviceProfile> findAll(Set<DeviceId> ids) {
    var found = new HashMap<DeviceId, DeviceProfile>(ids.size() * 2);
    var missing = new ArrayList<UUID>();
    for (DeviceId id : ids) {
      var cached = cache.get(id);
      if (cached != null) {
        found.put(id, cached);
      } else {
        missing.add(id.value());
      }
    }
    if (!missing.isEmpty()) {
      long loadedGeneration = generation.get();
      var loaded =
          db.read(
              q ->
                  q.selectFrom(DEVICE)
                      .where(DEVICE.DEVICE_ID.eq(DSLAny.uuids(missing)))
                      .fetch(row -> JooqDeviceRepository.data(row).profile()));
      boolean current = generation.get() == loadedGeneration;
      for (DeviceProfile profile : loaded) {
        found.put(profile.id(), profile);
        if (current) {
          cache.put(profile.id(), profile);
        }
      }
    }
    return found;
  }

  @Override
  public List<DeviceProfile> activeDevicesOf(CustomerId customerId) {
    return db.read(
        q ->
            q.selectFrom(DEVICE)
                .where(DEVICE.CUSTOMER_ID.eq(customerId.value()))
                .and(DEVICE.STATE.eq(DeviceState.ACTIVE.name()))
                .orderBy(DEVICE.DEVICE_ID)
                .fetch(row -> JooqDeviceRepository.data(row).profile()));
  }

  @Override
  public void invalidate(DeviceId id) {
    generation.incrementAndGet();
    cache.remove(id);
  }

  /** Forgets every profile (notifications of other replicas' changes may have been missed). */
  public void clear() {
    generation.incrementAndGet();
    cache.clear();
  }
}
