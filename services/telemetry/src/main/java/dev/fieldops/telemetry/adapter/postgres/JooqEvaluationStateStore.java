package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.DEVICE_EVALUATION;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.evaluation.DeviceEvaluatorSnapshot;
import dev.fieldops.telemetry.domain.evaluation.EvaluationStateStore;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device evaluation state in {@code device_evaluation}, one row per device: a version and a JSON
 * document. {@link #withLocked} opens the transaction of an evaluation pass and locks the devices'
 * rows with {@code SELECT ... ORDER BY device_id FOR UPDATE} (creating the missing ones first, in
 * the same order); the pass's readings, alert changes and new states join it, the states in one
 * {@code UPDATE ... FROM unnest(arrays)} for the whole pass. A document is parsed only when the
 * caller asks for it (its cache is stale); one this version cannot read is skipped with a warning:
 * that device's evaluator is then rebuilt from its recent readings, as if it had none.
 */
public final class JooqEvaluationStateStore implements EvaluationStateStore {

  private static final Logger LOG = LoggerFactory.getLogger(JooqEvaluationStateStore.class);

  private static final String CREATE_MISSING =
      "INSERT INTO device_evaluation (device_id, version, snapshot, save_time)"
          + " SELECT id, 0, NULL, {1} FROM unnest({0}) AS id ORDER BY id"
          + " ON CONFLICT (device_id) DO NOTHING";

  private static final String SAVE =
      "UPDATE device_evaluation AS d SET snapshot = u.snapshot::jsonb, version = u.version,"
          + " save_time = {3} FROM unnest({0}, {1}, {2}) AS u(device_id, snapshot, version)"
          + " WHERE d.device_id = u.device_id";

  private final Transactor transactor;
  private final Clock clock;

  public JooqEvaluationStateStore(Transactor transactor, DSLContext dsl, Clock clock) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
    Objects.requireNonNull(dsl, "dsl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public <T> T withLocked(Collection<DeviceId> devices, Function<Map<DeviceId, Stored>, T> work) {
    if (transactor.current().isPresent()) {
      throw new IllegalStateException(
          "an evaluation pass owns its transaction: the device locks must end with it");
    }
    var ids = devices.stream().map(DeviceId::value).distinct().toList();
    return transactor.inTransaction(
        tx -> {
          var stored = lock(tx, ids);
          if (stored.size() < ids.size()) {
            var missing = ids.stream().filter(id -> !stored.containsKey(new DeviceId(id))).toList();
            tx.execute(
                CREATE_MISSING,
                DSL.val(missing.toArray(UUID[]::new), SQLDataType.UUID.array()),
                DSL.val(Db.odt(clock.instant())));
            stored.putAll(lock(tx, missing));
          }
          return work.apply(stored);
        });
  }

  private static Map<DeviceId, Stored> lock(DSLContext tx, List<UUID> ids) {
    var rows =
        tx.select(
                DEVICE_EVALUATION.DEVICE_ID, DEVICE_EVALUATION.VERSION, DEVICE_EVALUATION.SNAPSHOT)
            .from(DEVICE_EVALUATION)
            .where(DEVICE_EVALUATION.DEVICE_ID.eq(DSLAny.uuids(ids)))
            .orderBy(DEVICE_EVALUATION.DEVICE_ID)
            .forUpdate()
            .fetch();
    var stored = new HashMap<DeviceId, Stored>();
    for (var row : rows) {
      var device = new DeviceId(row.value1());
      JSONB document = row.value3();
      stored.put(
          device,
          new Stored(row.value2(), document == null ? Optional::empty : parse(device, document)));
    }
    return stored;
  }

  /** Parses once, when first asked. */
  private static java.util.function.Supplier<Optional<DeviceEvaluatorSnapshot>> parse(
      DeviceId device, JSONB document) {
    return new java.util.function.Supplier<>() {
      private Optional<DeviceEvaluatorSnapshot> parsed;

      @Override
      public Optional<DeviceEvaluatorSnapshot> get() {
        if (parsed == null) {
          try {
            parsed = Optional.ofNullable(SnapshotJson.read(device, document));
          } catch (RuntimeException unreadable) {
            LOG.warn("ignoring the unreadable evaluation state of device {}", device, unreadable);
            parsed = Optional.empty();
          }
        }
        return parsed;
      }
    };
  }

  @Override
  public void saveAll(Collection<Versioned> states) {
    if (states.isEmpty()) {
      return;
    }
    var ids = new UUID[states.size()];
    var documents = new String[states.size()];
    var versions = new Long[states.size()];
    int i = 0;
    for (Versioned state : states) {
      ids[i] = state.snapshot().deviceId().value();
      documents[i] = SnapshotJson.write(state.snapshot()).data();
      versions[i] = state.version();
      i++;
    }
    var now = Db.odt(clock.instant());
    transactor.joined(
        tx ->
            tx.execute(
                SAVE,
                DSL.val(ids, SQLDataType.UUID.array()),
                DSL.val(documents, SQLDataType.CLOB.array()),
                DSL.val(versions, SQLDataType.BIGINT.array()),
                DSL.val(now)));
  }

  @Override
  public void reset(DeviceId device, long newVersion) {
    transactor.joined(
        tx ->
            tx.update(DEVICE_EVALUATION)
                .setNull(DEVICE_EVALUATION.SNAPSHOT)
                .set(DEVICE_EVALUATION.VERSION, newVersion)
                .set(DEVICE_EVALUATION.SAVE_TIME, Db.odt(clock.instant()))
                .where(DEVICE_EVALUATION.DEVICE_ID.eq(device.value()))
                .execute());
  }
}
