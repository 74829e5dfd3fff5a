package dev.fieldops.telemetry.adapter.postgres;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jooq.JSONB;

/**
 * A small JSON object for the jsonb columns (rule conditions, evaluator checkpoints), built on
 * protobuf's {@link Struct} so that no JSON library of our own is needed. Numbers are doubles:
 * exact for every double and for the microsecond counts we store (well below 2^53), and printed in
 * Java's shortest round-trip form, which jsonb keeps digit for digit.
 */
final class JsonDocument {

  private final Struct.Builder fields;

  private JsonDocument(Struct.Builder fields) {
    this.fields = fields;
  }

  static JsonDocument create() {
    return new JsonDocument(Struct.newBuilder());
  }

  static JsonDocument parse(JSONB json) {
    var builder = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(json.data(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored JSON document is unreadable", e);
    }
    return new JsonDocument(builder);
  }

  static JsonDocument of(Struct struct) {
    return new JsonDocument(struct.toBuilder());
  }

  JSONB toJsonb() {
    try {
      return JSONB.valueOf(JsonFormat.printer().omittingInsignificantWhitespace().print(fields));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print JSON document", e);
    }
  }

  Struct toStruct() {
    return fields.build();
  }

  // --- writing ---

  JsonDocument put(String name, String value) {
    fields.putFields(name, Value.newBuilder().setStringValue(value).build());
    return this;
  }

  JsonDocument put(String name, double value) {
    fields.putFields(name, number(value));
    return this;
  }

  JsonDocument put(String name, boolean value) {
    fields.putFields(name, Value.newBuilder().setBoolValue(value).build());
    return this;
  }

  JsonDocument put(String name, JsonDocument value) {
    fields.putFields(name, Value.newBuilder().setStructValue(value.fields).build());
    return this;
  }

  JsonDocument putList(String name, List<Value> values) {
    fields.putFields(
        name, Value.newBuilder().setListValue(ListValue.newBuilder().addAllValues(values)).build());
    return this;
  }

  JsonDocument putMicros(String name, Instant instant) {
    return put(name, (double) micros(instant));
  }

  JsonDocument putMicros(String name, Duration duration) {
    return put(name, (double) (duration.toNanos() / 1_000));
  }

  JsonDocument putIfPresent(String name, OptionalDouble value) {
    value.ifPresent(v -> put(name, v));
    return this;
  }

  static Value number(double value) {
    return Value.newBuilder().setNumberValue(value).build();
  }

  static Value document(JsonDocument value) {
    return Value.newBuilder().setStructValue(value.fields).build();
  }

  static Value nullValue() {
    return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  // --- reading ---

  boolean has(String name) {
    return fields.containsFields(name);
  }

  String string(String name) {
    return require(name, Value.KindCase.STRING_VALUE).getStringValue();
  }

  double number(String name) {
    return require(name, Value.KindCase.NUMBER_VALUE).getNumberValue();
  }

  long longNumber(String name) {
    return exactLong(number(name), name);
  }

  boolean bool(String name) {
    return require(name, Value.KindCase.BOOL_VALUE).getBoolValue();
  }

  JsonDocument document(String name) {
    return of(require(name, Value.KindCase.STRUCT_VALUE).getStructValue());
  }

  List<Value> list(String name) {
    return require(name, Value.KindCase.LIST_VALUE).getListValue().getValuesList();
  }

  OptionalDouble optionalNumber(String name) {
    return has(name) ? OptionalDouble.of(number(name)) : OptionalDouble.empty();
  }

  Instant instantMicros(String name) {
    return Instant.EPOCH.plus(longNumber(name), ChronoUnit.MICROS);
  }

  Optional<Instant> optionalInstantMicros(String name) {
    return has(name) ? Optional.of(instantMicros(name)) : Optional.empty();
  }

  Duration durationMicros(String name) {
    return Duration.of(longNumber(name), ChronoUnit.MICROS);
  }

  Optional<Duration> optionalDurationMicros(String name) {
    return has(name) ? Optional.of(durationMicros(name)) : Optional.empty();
  }

  java.util.Set<String> names() {
    return fields.getFieldsMap().keySet();
  }

  static long exactLong(double value, String what) {
    long exact = (long) value;
    if (exact != value) {
      throw new IllegalStateException(what + " is not a whole number: " + value);
    }
    return exact;
  }

  private Value require(String name, Value.KindCase kind) {
    var value = fields.getFieldsMap().get(name);
    if (value == null || value.getKindCase() != kind) {
      throw new IllegalStateException("stored JSON document lacks " + kind + " field " + name);
    }
    return value;
  }
}
