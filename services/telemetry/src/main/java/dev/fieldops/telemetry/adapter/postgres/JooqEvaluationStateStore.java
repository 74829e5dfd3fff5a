package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.DEVICE_EVALUATION;

import dev.fieldops.jooq.FixedStatement;
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
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
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
 * {@code UPDATE ... FROM unnest(arrays)} for the whole pass. The locking query also returns the
 * device's version, its customer's rule book version and the state's writer, and leaves out the
 * state document of a device whose version the caller has cached: the hot path checks its caches
 * without a further round trip. A document is parsed only when the caller asks for it (its cache is
 * stale); one this version cannot read is skipped with a warning: that device's evaluator is then
 * rebuilt from its recent readings, as if it had none.
 */
public final class JooqEvaluationStateStore implements EvaluationStateStore {

  private static final Logger LOG = LoggerFactory.getLogger(JooqEvaluationStateStore.class);

  private static final String CREATE_MISSING =
      "INSERT INTO device_evaluation (device_id, version, snapshot, save_time)"
          + " SELECT id, 0, NULL, {1} FROM unnest({0}) AS id ORDER BY id"
          + " ON CONFLICT (device_id) DO NOTHING";

  // The lock and the save run in every evaluation pass: rendered once (FixedStatement).
  private static final FixedStatement SAVE =
      FixedStatement.of(
          List.of("ids", "snapshots", "versions", "save_time", "writer"),
          DSL.query(
              "UPDATE device_evaluation AS d SET snapshot = u.snapshot::jsonb, version = u.version,"
                  + " save_time = {3}, writer = {4}"
                  + " FROM unnest({0}, {1}, {2}) AS u(device_id, snapshot, version)"
                  + " WHERE d.device_id = u.device_id",
              DSL.param("ids", SQLDataType.UUID.array()),
              DSL.param("snapshots", SQLDataType.CLOB.array()),
              DSL.param("versions", SQLDataType.BIGINT.array()),
              DSL.param("save_time", SQLDataType.TIMESTAMPWITHTIMEZONE),
              DSL.param("writer", SQLDataType.UUID)));

  // The rows in device id order; k.known is the version the caller has cached (-1 for none).
  private static final FixedStatement LOCK =
      FixedStatement.of(
          List.of("ids", "known"),
          DSL.query(
              "SELECT e.device_id, e.version,"
                  + " CASE WHEN e.version = k.known THEN NULL ELSE e.snapshot END,"
                  + " e.version = k.known, d.version, coalesce(b.version, 0), e.writer"
                  + " FROM device_evaluation AS e"
                  + " JOIN unnest({0}, {1}) AS k(device_id, known) ON k.device_id = e.device_id"
                  + " JOIN device AS d ON d.device_id = e.device_id"
                  + " LEFT JOIN rule_book AS b ON b.customer_id = d.customer_id"
                  + " WHERE e.device_id = ANY({0})"
                  + " ORDER BY e.device_id FOR UPDATE OF e",
              DSL.param("ids", SQLDataType.UUID.array()),
              DSL.param("known", SQLDataType.BIGINT.array())));

  private final Transactor transactor;
  private final Clock clock;

  public JooqEvaluationStateStore(Transactor transactor, DSLContext dsl, Clock clock) {
    this.transactor = Objects.requireNonNull(transactor, "transactor");
    Objects.requireNonNull(dsl, "dsl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public <T> T withLocked(Collection<DeviceId> devices, Function<Map<DeviceId, Stored>, T> work) {
    return withLocked(devices, device -> -1, work);
  }

  @Override
  public <T> T withLocked(
      Collection<DeviceId> devices,
      ToLongFunction<DeviceId> cached,
      Function<Map<DeviceId, Stored>, T> work) {
    if (transactor.current().isPresent()) {
      throw new IllegalStateException(
          "an evaluation pass owns its transaction: the device locks must end with it");
    }
    var ids = devices.stream().map(DeviceId::value).distinct().toList();
    return transactor.inTransaction(
        tx -> {
          var stored = lock(tx, ids, cached);
          if (stored.size() < ids.size()) {
            var missing = ids.stream().filter(id -> !stored.containsKey(new DeviceId(id))).toList();
            tx.execute(
                CREATE_MISSING,
                DSL.val(missing.toArray(UUID[]::new), SQLDataType.UUID.array()),
                DSL.val(Db.odt(clock.instant())));
            stored.putAll(lock(tx, missing, cached));
          }
          return work.apply(stored);
        });
  }

  /**
   * Locks the rows; the state document comes only where its version is not the cached one, and the
   * device's and its customer's rules' versions come along (to check the caller's cached profiles
   * and rules), all in the one statement.
   */
  private static Map<DeviceId, Stored> lock(
      DSLContext tx, List<UUID> ids, ToLongFunction<DeviceId> cached) {
    var idArray = ids.toArray(UUID[]::new);
    var known = new Long[idArray.length];
    for (int i = 0; i < idArray.length; i++) {
      known[i] = cached.applyAsLong(new DeviceId(idArray[i]));
    }
    return LOCK.query(
        tx,
        results -> {
          var stored = new HashMap<DeviceId, Stored>();
          var rows = results.next();
          while (rows.next()) {
            var device = new DeviceId(rows.getObject(1, UUID.class));
            stored.put(
                device,
                stored(
                    device,
                    rows.getLong(2),
                    rows.getString(3),
                    rows.getBoolean(4),
                    rows.getLong(5),
                    rows.getLong(6),
                    rows.getObject(7, UUID.class)));
          }
          return stored;
        },
        idArray,
        known);
  }

  private static Stored stored(
      DeviceId device,
      long version,
      String document,
      boolean omitted,
      long deviceVersion,
      long rulesVersion,
      UUID writer) {
    Supplier<Optional<DeviceEvaluatorSnapshot>> loader;
    if (omitted) {
      loader =
          () -> {
            throw new IllegalStateException(
                "the state of device " + device + " was not read: the caller has it cached");
          };
    } else if (document == null) {
      loader = Optional::empty;
    } else {
      loader = parse(device, JSONB.valueOf(document));
    }
    return new Stored(version, loader, deviceVersion, rulesVersion, Optional.ofNullable(writer));
  }

  /** Parses once, when first asked. */
  private static Supplier<Optional<DeviceEvaluatorSnapshot>> parse(
      DeviceId device, JSONB document) {
    return new Supplier<>() {
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
  public void saveAll(Collection<Versioned> states, UUID writer) {
    Objects.requireNonNull(writer, "writer");
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
    transactor.joined(tx -> SAVE.query(tx, results -> null, ids, documents, versions, now, writer));
  }

  @Override
  public void reset(DeviceId device, long newVersion) {
    transactor.joined(
        tx ->
            tx.update(DEVICE_EVALUATION)
                .setNull(DEVICE_EVALUATION.SNAPSHOT)
                .setNull(DEVICE_EVALUATION.WRITER)
                .set(DEVICE_EVALUATION.VERSION, newVersion)
                .set(DEVICE_EVALUATION.SAVE_TIME, Db.odt(clock.instant()))
                .where(DEVICE_EVALUATION.DEVICE_ID.eq(device.value()))
                .execute());
  }
}
