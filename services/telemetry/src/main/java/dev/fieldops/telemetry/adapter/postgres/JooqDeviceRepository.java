package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.DEVICE;

import dev.fieldops.jooq.PageLimit;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.telemetry.adapter.postgres.jooq.tables.records.DeviceRecord;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceEvent;
import dev.fieldops.telemetry.domain.device.DeviceFilter;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceKind;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.device.DeviceState;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.domain.shared.DomainEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Devices in the {@code device} table; their events go to the outbox in the same transaction, and a
 * change tells the replicas' device caches ({@link CacheInvalidations}).
 */
public final class JooqDeviceRepository implements DeviceRepository {

  private final Db db;
  private final OutboxWriter outbox;
  private final OutboxEncoder<DomainEvent> events;

  public JooqDeviceRepository(
      Transactor transactor,
      DSLContext dsl,
      OutboxWriter outbox,
      OutboxEncoder<DomainEvent> events) {
    this.db = new Db(transactor, dsl);
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public void add(Device device) {
    db.join(
        tx -> {
          tx.insertInto(DEVICE).set(record(device.data())).execute();
          writeEvents(tx, device.pullEvents());
          return null;
        });
  }

  @Override
  public Device update(DeviceId id, AccessScope scope, Consumer<Device> change) {
    return db.join(
        tx -> {
          var row =
              tx.selectFrom(DEVICE)
                  .where(DEVICE.DEVICE_ID.eq(id.value()).and(visibleIn(scope)))
                  .forUpdate()
                  .fetchOptional()
                  .orElseThrow(() -> NotFoundException.of("device", id.toString()));
          var device = Device.rehydrate(data(row));
          long loadedVersion = device.version();
          change.accept(device);
          if (device.version() != loadedVersion) {
            tx.update(DEVICE)
                .set(record(device.data()))
                .where(DEVICE.DEVICE_ID.eq(id.value()))
                .execute();
            CacheInvalidations.deviceChanged(tx, id);
          }
          writeEvents(tx, device.pullEvents());
          return device;
        });
  }

  @Override
  public Optional<Device> findById(DeviceId id, AccessScope scope) {
    return db.read(
        q ->
            q.selectFrom(DEVICE)
                .where(DEVICE.DEVICE_ID.eq(id.value()).and(visibleIn(scope)))
                .fetchOptional()
                .map(row -> Device.rehydrate(data(row))));
  }

  @Override
  public Page<Device> list(DeviceFilter filter, AccessScope scope, PageRequest page) {
    var conditions = new ArrayList<Condition>();
    conditions.add(visibleIn(scope));
    filter.customerId().ifPresent(c -> conditions.add(DEVICE.CUSTOMER_ID.eq(c.value())));
    filter.state().ifPresent(s -> conditions.add(DEVICE.STATE.eq(s.name())));
    filter.kind().ifPresent(k -> conditions.add(DEVICE.KIND.eq(k.name())));
    page.afterCursor().ifPresent(c -> conditions.add(DEVICE.DEVICE_ID.gt(Cursors.uuid(c))));
    var rows =
        db.read(
            q ->
                q.selectFrom(DEVICE)
                    .where(conditions)
                    .orderBy(DEVICE.DEVICE_ID)
                    .limit(PageLimit.of(page))
                    .fetch());
    var devices = new ArrayList<Device>();
    for (DeviceRecord row : rows) {
      devices.add(Device.rehydrate(data(row)));
    }
    return pageOf(devices, page.size());
  }

  static Condition visibleIn(AccessScope scope) {
    return scope
        .confinedTo()
        .map(customer -> DEVICE.CUSTOMER_ID.eq(customer.value()))
        .orElse(DSL.noCondition());
  }

  static DeviceData data(DeviceRecord row) {
    return new DeviceData(
        new DeviceId(row.getDeviceId()),
        new CustomerId(row.getCustomerId()),
        row.getDisplayName(),
        row.getLocation(),
        DeviceKind.valueOf(row.getKind()),
        DeviceState.valueOf(row.getState()),
        row.getDeadbandCelsius(),
        Db.instant(row.getRegisterTime()),
        Db.optionalInstant(row.getDecommissionTime()),
        Db.instant(row.getUpdateTime()),
        row.getVersion());
  }

  private static DeviceRecord record(DeviceData data) {
    var row = new DeviceRecord();
    row.setDeviceId(data.id().value());
    row.setCustomerId(data.customerId().value());
    row.setDisplayName(data.displayName());
    row.setLocation(data.location());
    row.setKind(data.kind().name());
    row.setState(data.state().name());
    row.setDeadbandCelsius(data.deadbandCelsius());
    row.setRegisterTime(Db.odt(data.registerTime()));
    row.setDecommissionTime(data.decommissionTime().map(Db::odt).orElse(null));
    row.setUpdateTime(Db.odt(data.updateTime()));
    row.setVersion(data.version());
    return row;
  }

  private void writeEvents(DSLContext tx, List<DeviceEvent> raised) {
    if (!raised.isEmpty()) {
      outbox.appendAll(tx, events.encodeAll(raised));
    }
  }

  private static Page<Device> pageOf(List<Device> rows, int size) {
    if (rows.size() <= size) {
      return new Page<>(rows, Optional.empty());
    }
    var items = rows.subList(0, size);
    return new Page<>(items, Optional.of(Cursors.of(items.getLast().id().value())));
  }
}
