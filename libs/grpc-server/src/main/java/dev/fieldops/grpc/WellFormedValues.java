package dev.fieldops.grpc;

import build.buf.validate.FieldRules;
import build.buf.validate.Ignore;
import build.buf.validate.ValidateProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the values whose range the well-known types define but protobuf does not enforce, in any
 * message, at any depth: a {@code google.protobuf.Timestamp} between 0001-01-01T00:00:00Z and
 * 9999-12-31T23:59:59.999999999Z with nanos in 0..999,999,999 (RFC 3339, as the type's own
 * documentation says); a {@code google.protobuf.Duration} within ±10,000 years with nanos in
 * ±999,999,999 of the seconds' sign; a {@code google.type.Money} with nanos in ±999,999,999 of the
 * units' sign. The wire format carries any int64 and int32, so without this check a year-10000
 * timestamp would reach a query, and a Money with {@code nanos = 1e9} would be reported by the
 * contract's "not negative" rule, which is not what is wrong with it. And no string may contain
 * U+0000: no text FieldOps stores can hold it (PostgreSQL refuses it in {@code text} and {@code
 * jsonb}), so it is refused here, by field, rather than by the database as an internal error.
 *
 * <p>The request flow runs this check before protovalidate (a CEL rule comparing an out-of-range
 * timestamp would fail to evaluate rather than report it); consumers run it on events. Fields whose
 * rules say {@code ignore = IGNORE_ALWAYS} (for a whole field, or for the items of a list that the
 * service checks one by one) are left alone. Violations name the full path of the field ({@code
 * invoice.lines[2].unit_price.nanos}, {@code issue_start_time}).
 */
public final class WellFormedValues {

  static final String TIMESTAMP = "google.protobuf.Timestamp";
  static final String DURATION = "google.protobuf.Duration";
  static final String MONEY = "google.type.Money";

  /** 0001-01-01T00:00:00Z. */
  public static final long MIN_TIMESTAMP_SECONDS = -62_135_596_800L;

  /** 9999-12-31T23:59:59Z. */
  public static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;

  /** 10,000 years, as {@code google.protobuf.Duration} documents. */
  public static final long MAX_DURATION_SECONDS = 315_576_000_000L;

  private static final int MAX_NANOS = 999_999_999;
  private static final String NUL_MESSAGE = "must not contain the character U+0000 (NUL)";

  private WellFormedValues() {}

  /** Every ill-formed value in {@code message}; empty when all are well formed. */
  public static List<FieldViolation> violations(Message message) {
    List<FieldViolation> found = new ArrayList<>();
    check(message, "", found);
    return found;
  }

  private static void check(Message message, String path, List<FieldViolation> found) {
    String type = message.getDescriptorForType().getFullName();
    switch (type) {
      case TIMESTAMP -> timestamp(message, path, found);
      case DURATION -> duration(message, path, found);
      case MONEY -> money(message, path, found);
      default -> fields(message, path, found);
    }
  }

  private static void fields(Message message, String path, List<FieldViolation> found) {
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      FieldRules rules = field.getOptions().getExtension(ValidateProto.field);
      if (rules.getIgnore() == Ignore.IGNORE_ALWAYS) {
        continue;
      }
      String fieldPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
      if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
        strings(field, entry.getValue(), rules, fieldPath, found);
        continue;
      }
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.isMapField()) {
        if (rules.getMap().getValues().getIgnore() == Ignore.IGNORE_ALWAYS) {
          continue;
        }
        FieldDescriptor key = field.getMessageType().findFieldByName("key");
        FieldDescriptor value = field.getMessageType().findFieldByName("value");
        for (Object item : (List<?>) entry.getValue()) {
          Message pair = (Message) item;
          String at = fieldPath + subscript(pair.getField(key));
          if (pair.getField(key) instanceof String text && hasNul(text)) {
            found.add(new FieldViolation(at, NUL_MESSAGE));
          }
          if (value.getJavaType() == FieldDescriptor.JavaType.STRING) {
            if (hasNul((String) pair.getField(value))) {
              found.add(new FieldViolation(at, NUL_MESSAGE));
            }
          } else if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            check((Message) pair.getField(value), at, found);
          }
        }
      } else if (field.isRepeated()) {
        if (rules.getRepeated().getItems().getIgnore() == Ignore.IGNORE_ALWAYS) {
          continue;
        }
        List<?> items = (List<?>) entry.getValue();
        for (int i = 0; i < items.size(); i++) {
          check((Message) items.get(i), fieldPath + "[" + i + "]", found);
        }
      } else {
        check((Message) entry.getValue(), fieldPath, found);
      }
    }
  }

  private static void strings(
      FieldDescriptor field,
      Object value,
      FieldRules rules,
      String path,
      List<FieldViolation> found) {
    if (!field.isRepeated()) {
      if (hasNul((String) value)) {
        found.add(new FieldViolation(path, NUL_MESSAGE));
      }
      return;
    }
    if (rules.getRepeated().getItems().getIgnore() == Ignore.IGNORE_ALWAYS) {
      return;
    }
    List<?> items = (List<?>) value;
    for (int i = 0; i < items.size(); i++) {
      if (hasNul((String) items.get(i))) {
        found.add(new FieldViolation(path + "[" + i + "]", NUL_MESSAGE));
      }
    }
  }

  private static boolean hasNul(String text) {
    return text.indexOf(0) >= 0;
  }

  private static void timestamp(Message timestamp, String path, List<FieldViolation> found) {
    long seconds = (Long) value(timestamp, "seconds");
    int nanos = (Integer) value(timestamp, "nanos");
    if (nanos < 0 || nanos > MAX_NANOS) {
      found.add(violation(path, "nanos", "must be between 0 and 999999999"));
    } else if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS) {
      found.add(
          violation(
              path,
              null,
              "must be a time between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z"));
    }
  }

  private static void duration(Message duration, String path, List<FieldViolation> found) {
    long seconds = (Long) value(duration, "seconds");
    int nanos = (Integer) value(duration, "nanos");
    if (nanos < -MAX_NANOS || nanos > MAX_NANOS) {
      found.add(violation(path, "nanos", "must be between -999999999 and 999999999"));
    } else if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      found.add(violation(path, null, "seconds and nanos must have the same sign"));
    } else if (seconds < -MAX_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
      found.add(violation(path, null, "must be within ±10000 years (±315576000000 seconds)"));
    }
  }

  private static void money(Message money, String path, List<FieldViolation> found) {
    long units = (Long) value(money, "units");
    int nanos = (Integer) value(money, "nanos");
    if (nanos < -MAX_NANOS || nanos > MAX_NANOS) {
      found.add(violation(path, "nanos", "must be between -999999999 and 999999999"));
    } else if ((units > 0 && nanos < 0) || (units < 0 && nanos > 0)) {
      found.add(violation(path, null, "units and nanos must have the same sign"));
    }
  }

  private static Object value(Message message, String field) {
    Descriptor type = message.getDescriptorForType();
    return message.getField(type.findFieldByName(field));
  }

  private static FieldViolation violation(String path, String below, String description) {
    String field = below == null ? path : path.isEmpty() ? below : path + "." + below;
    return new FieldViolation(field, description);
  }

  private static String subscript(Object key) {
    return key instanceof String text
        ? "[\"" + text.replace("\"", "\\\"") + "\"]"
        : "[" + key + "]";
  }
}
