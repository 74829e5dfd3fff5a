package dev.fieldops.telemetry.adapter.postgres;

import java.util.Collection;
import java.util.UUID;
import org.jooq.QuantifiedSelect;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * {@code = ANY(?)} with one array parameter instead of an IN list: one prepared statement whatever
 * the number of ids, so batches of any size share a plan.
 */
final class DSLAny {

  private DSLAny() {}

  static QuantifiedSelect<Record1<UUID>> uuids(Collection<UUID> ids) {
    return DSL.any(DSL.val(ids.toArray(UUID[]::new), SQLDataType.UUID.array()));
  }

  static QuantifiedSelect<Record1<String>> texts(Collection<String> values) {
    return DSL.any(DSL.val(values.toArray(String[]::new), SQLDataType.CLOB.array()));
  }
}
