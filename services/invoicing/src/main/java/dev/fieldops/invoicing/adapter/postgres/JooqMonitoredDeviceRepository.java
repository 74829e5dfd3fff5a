package dev.fieldops.invoicing.adapter.postgres;

import static dev.fieldops.invoicing.adapter.postgres.jooq.Tables.MONITORED_DEVICE;

import dev.fieldops.invoicing.adapter.postgres.jooq.tables.records.MonitoredDeviceRecord;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.device.MonitoredDevice;
import dev.fieldops.invoicing.domain.device.MonitoredDeviceRepository;
import dev.fieldops.invoicing.domain.device.MonitoredDeviceRepository.Unsettled;
import dev.fieldops.jooq.Transactor;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** The {@code monitored_device} read model, fed by telemetry's device events. */
public final class JooqMonitoredDeviceRepository implements MonitoredDeviceRepository {

  private final Transactor transactor;

  public JooqMonitoredDeviceRepository(Transactor transactor) {
    this.transactor = transactor;
  }

  @Override
  public MonitoredDevice addIfAbsent(MonitoredDevice device) {
    return transactor.joined(
        tx -> {
          tx.insertInto(MONITORED_DEVICE)
              .set(MONITORED_DEVICE.DEVICE_ID, device.deviceId())
              .set(MONITORED_DEVICE.CUSTOMER_ID, device.customerId().value())
              .set(MONITORED_DEVICE.REGISTERED_TIME, Times.at(device.registeredTime()))
              .set(MONITORED_DEVICE.DECOMMISSIONED_TIME, Times.at(device.decommissionedTime()))
              .onConflict(MONITORED_DEVICE.DEVICE_ID)
              .doNothing()
              .execute();
          return toDevice(
              tx.selectFrom(MONITORED_DEVICE)
                  .where(MONITORED_DEVICE.DEVICE_ID.eq(device.deviceId()))
                  .fetchSingle());
        });
  }

  @Override
  public Optional<MonitoredDevice> find(UUID deviceId) {
    return transactor.read(
        tx ->
            tx.selectFrom(MONITORED_DEVICE)
                .where(MONITORED_DEVICE.DEVICE_ID.eq(deviceId))
                .fetchOptional()
                .map(JooqMonitoredDeviceRepository::toDevice));
  }

  @Override
  public Optional<MonitoredDevice> decommission(UUID deviceId, Instant time) {
    return transactor.joined(
        tx ->
            tx.update(MONITORED_DEVICE)
                .set(
                    MONITORED_DEVICE.DECOMMISSIONED_TIME,
                    DSL.coalesce(MONITORED_DEVICE.DECOMMISSIONED_TIME, DSL.val(Times.at(time))))
                .where(MONITORED_DEVICE.DEVICE_ID.eq(deviceId))
                .returning()
                .fetchOptional()
                .map(JooqMonitoredDeviceRepository::toDevice));
  }

  @Override
  public List<Unsettled> unsettledThrough(YearMonth month, UUID after, int limit) {
    LocalDate settled = month.atDay(1);
    Field<LocalDate> through = MONITORED_DEVICE.MONITORING_SETTLED_THROUGH;
    // The first instant of the month after the settled one: a device decommissioned by then has
    // nothing left to bill.
    Field<OffsetDateTime> nextMonthStart =
        DSL.field(
            "(({0} + interval '1 month')::timestamp at time zone 'UTC')",
            OffsetDateTime.class, through);
    Condition unsettled = through.isNull().or(through.lt(settled));
    Condition mayBill =
        MONITORED_DEVICE
            .DECOMMISSIONED_TIME
            .isNull()
            .or(through.isNull())
            .or(MONITORED_DEVICE.DECOMMISSIONED_TIME.gt(nextMonthStart));
    Condition registered =
        MONITORED_DEVICE.REGISTERED_TIME.lt(Times.at(MonitoredDevice.startOf(month.plusMonths(1))));
    Condition page = after == null ? DSL.noCondition() : MONITORED_DEVICE.DEVICE_ID.gt(after);
    return transactor.read(
        tx ->
            tx.selectFrom(MONITORED_DEVICE)
                .where(unsettled, mayBill, registered, page)
                .orderBy(MONITORED_DEVICE.DEVICE_ID)
                .limit(limit)
                .fetch(
                    row ->
                        new Unsettled(
                            toDevice(row),
                            Optional.ofNullable(row.getMonitoringSettledThrough())
                                .map(YearMonth::from))));
  }

  @Override
  public void settleThrough(UUID deviceId, YearMonth month) {
    LocalDate through = month.atDay(1);
    transactor.joinedRun(
        tx ->
            tx.update(MONITORED_DEVICE)
                .set(MONITORED_DEVICE.MONITORING_SETTLED_THROUGH, through)
                .where(MONITORED_DEVICE.DEVICE_ID.eq(deviceId))
                .and(
                    MONITORED_DEVICE
                        .MONITORING_SETTLED_THROUGH
                        .isNull()
                        .or(MONITORED_DEVICE.MONITORING_SETTLED_THROUGH.lt(through)))
                .execute());
  }

  private static MonitoredDevice toDevice(MonitoredDeviceRecord row) {
    return new MonitoredDevice(
        row.getDeviceId(),
        new CustomerId(row.getCustomerId()),
        Times.instant(row.getRegisteredTime()),
        Times.optional(row.getDecommissionedTime()));
  }
}
