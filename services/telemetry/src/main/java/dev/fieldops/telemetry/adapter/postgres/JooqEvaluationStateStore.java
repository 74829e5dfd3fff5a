package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.EVALUATOR_CHECKPOINT;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.telemetry.adapter.postgres.jooq.tables.records.EvaluatorCheckpointRecord;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep3;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluator checkpoints in {@code evaluator_checkpoint}, one JSON document per device, written in
 * one statement per checkpoint run. A document this version cannot read is skipped with a warning:
 * that device's evaluator is then rebuilt from its recent readings, as if it had none.
 */
public final class JooqEvaluationStateStore implements EvaluationStateStore {

  private static final Logger LOG = LoggerFactory.getLogger(JooqEvaluationStateStore.class);

  private final Db db;
  private final Clock clock;

  public JooqEvaluationStateStore(Transactor transactor, DSLContext dsl, Clock clock) {
    this.db = new Db(transactor, dsl);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Map<DeviceId, DeviceEvaluatorSnapshot> loadAll(Set<DeviceId> devices) {
    if (devices.isEmpty()) {
      return Map.of();
    }
    var ids = devices.stream().map(DeviceId::value).toList();
    var rows =
        db.read(
            q ->
                q.selectFrom(EVALUATOR_CHECKPOINT)
                    .where(EVALUATOR_CHECKPOINT.DEVICE_ID.eq(DSLAny.uuids(ids)))
                    .fetch());
    var snapshots = new HashMap<DeviceId, DeviceEvaluatorSnapshot>();
    for (EvaluatorCheckpointRecord row : rows) {
      var device = new DeviceId(row.getDeviceId());
      DeviceEvaluatorSnapshot snapshot;
      try {
        snapshot = SnapshotJson.read(device, row.getSnapshot());
      } catch (RuntimeException unreadable) {
        LOG.warn("ignoring the unreadable checkpoint of device {}", device, unreadable);
        continue;
      }
      if (snapshot != null) {
        snapshots.put(device, snapshot);
      }
    }
    return snapshots;
  }

  @Override
  public void saveAll(Collection<DeviceEvaluatorSnapshot> snapshots) {
    if (snapshots.isEmpty()) {
      return;
    }
    var now = Db.odt(clock.instant());
    db.write(
        tx -> {
          InsertValuesStep3<
                  EvaluatorCheckpointRecord, java.util.UUID, JSONB, java.time.OffsetDateTime>
              insert =
                  tx.insertInto(
                      EVALUATOR_CHECKPOINT,
                      EVALUATOR_CHECKPOINT.DEVICE_ID,
                      EVALUATOR_CHECKPOINT.SNAPSHOT,
                      EVALUATOR_CHECKPOINT.SAVE_TIME);
          for (DeviceEvaluatorSnapshot snapshot : snapshots) {
            insert = insert.values(snapshot.deviceId().value(), SnapshotJson.write(snapshot), now);
          }
          return insert
              .onConflict(EVALUATOR_CHECKPOINT.DEVICE_ID)
              .doUpdate()
              .set(
                  EVALUATOR_CHECKPOINT.SNAPSHOT,
                  org.jooq.impl.DSL.excluded(EVALUATOR_CHECKPOINT.SNAPSHOT))
              .set(
                  EVALUATOR_CHECKPOINT.SAVE_TIME,
                  org.jooq.impl.DSL.excluded(EVALUATOR_CHECKPOINT.SAVE_TIME))
              .execute();
        });
  }

  @Override
  public void delete(DeviceId device) {
    db.write(
        tx ->
            tx.deleteFrom(EVALUATOR_CHECKPOINT)
                .where(EVALUATOR_CHECKPOINT.DEVICE_ID.eq(device.value()))
                .execute());
  }
}
