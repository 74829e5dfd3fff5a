package dev.fieldops.nats.outbox;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The {@code outbox_event} table for jOOQ, declared by hand: libraries generate no code. */
final class OutboxTable {

  static final Table<Record> OUTBOX_EVENT = table(name("outbox_event"));

  static final Field<UUID> EVENT_ID = field(name("event_id"), SQLDataType.UUID);
  static final Field<Long> SEQ = field(name("seq"), SQLDataType.BIGINT);
  static final Field<String> AGGREGATE_TYPE = field(name("aggregate_type"), SQLDataType.CLOB);
  static final Field<String> AGGREGATE_ID = field(name("aggregate_id"), SQLDataType.CLOB);
  static final Field<Long> AGGREGATE_VERSION = field(name("aggregate_version"), SQLDataType.BIGINT);
  static final Field<String> SUBJECT = field(name("subject"), SQLDataType.CLOB);
  static final Field<String> EVENT_TYPE = field(name("event_type"), SQLDataType.CLOB);
  static final Field<String> CONTENT_TYPE = field(name("content_type"), SQLDataType.CLOB);
  static final Field<byte[]> PAYLOAD = field(name("payload"), SQLDataType.BLOB);
  static final Field<JSONB> HEADERS = field(name("headers"), SQLDataType.JSONB);
  static final Field<OffsetDateTime> OCCUR_TIME =
      field(name("occur_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);
  static final Field<OffsetDateTime> CREATE_TIME =
      field(name("create_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);
  static final Field<OffsetDateTime> PUBLISHED_TIME =
      field(name("published_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);
  static final Field<Long> STREAM_SEQ = field(name("stream_seq"), SQLDataType.BIGINT);

  private OutboxTable() {}
}
