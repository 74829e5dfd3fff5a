package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.DEVICE;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.device.DeviceState;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;

/**
 * Device profiles for the ingest path, cached: one query per batch for the devices not in the
 * cache, none for those that are. An entry lives at most {@code maxAge}, which bounds how long
 * another instance's decommissioning goes unnoticed here; this instance's own changes invalidate
 * their entry at once.
 */
public final class JooqDeviceDirectory implements DeviceDirectory {

  private final Db db;
  private final long maxAgeNanos;
  private final ConcurrentHashMap<DeviceId, Cached> cache = new ConcurrentHashMap<>();
  // Bumped by every invalidation, so that a load that raced with one does not cache stale rows.
  private final AtomicLong generation = new AtomicLong();

  private record Cached(DeviceProfile profile, long loadedAtNanos) {}

  public JooqDeviceDirectory(Transactor transactor, DSLContext dsl, Duration maxAge) {
    this.db = new Db(transactor, dsl);
    this.maxAgeNanos = Objects.requireNonNull(maxAge, "maxAge").toNanos();
  }

  @Override
  public Map<DeviceId, DeviceProfile> findAll(Set<DeviceId> ids) {
    long now = System.nanoTime();
    var found = new HashMap<DeviceId, DeviceProfile>(ids.size() * 2);
    var missing = new ArrayList<UUID>();
    for (DeviceId id : ids) {
      var cached = cache.get(id);
      if (cached != null && now - cached.loadedAtNanos() < maxAgeNanos) {
        found.put(id, cached.profile());
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
          cache.put(profile.id(), new Cached(profile, now));
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
}
