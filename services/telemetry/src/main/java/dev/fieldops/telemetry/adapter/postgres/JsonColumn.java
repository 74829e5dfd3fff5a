package dev.fieldops.telemetry.adapter.postgres;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.fieldops.telemetry.domain.evaluation.RuleStateSnapshot.WindowPoint;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jooq.JSONB;

/**
 * The documents of the jsonb columns (rule conditions, evaluator checkpoints), bound to records by
 * Gson. Instants and durations are whole microseconds (since the epoch), the precision readings are
 * stored with; a rate-of-change window point is a {@code [micros, value]} pair. Absent values are
 * left out of the document, never written as null.
 *
 * <p>Documents written as doubles ({@code 1.796379330123456E15}, {@code 1.0}) read the same: jsonb
 * keeps numbers as numerics, and a whole number is accepted wherever a count is expected (a
 * fractional one is not).
 */
final class JsonColumn {

  private static final Gson GSON =
      new GsonBuilder()
          .disableHtmlEscaping()
          .registerTypeAdapter(Instant.class, new InstantMicros().nullSafe())
          .registerTypeAdapter(Duration.class, new DurationMicros().nullSafe())
          .registerTypeAdapter(WindowPoint.class, new WindowPointPair().nullSafe())
          .create();

  private JsonColumn() {}

  static JSONB write(Object document) {
    return JSONB.valueOf(GSON.toJson(document));
  }

  static <T> T read(JSONB stored, Class<T> layout) {
    try {
      var document = GSON.fromJson(stored.data(), layout);
      if (document == null) {
        throw new IllegalStateException("stored JSON document is empty");
      }
      return document;
    } catch (JsonParseException | NumberFormatException e) {
      throw new IllegalStateException("stored JSON document is unreadable", e);
    }
  }

  /** A field every document of its kind has. */
  static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalStateException("stored JSON document lacks field " + field);
    }
    return value;
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  private static final class InstantMicros extends TypeAdapter<Instant> {
    @Override
    public void write(JsonWriter out, Instant value) throws IOException {
      out.value(micros(value));
    }

    @Override
    public Instant read(JsonReader in) throws IOException {
      return instant(in.nextLong());
    }
  }

  private static final class DurationMicros extends TypeAdapter<Duration> {
    @Override
    public void write(JsonWriter out, Duration value) throws IOException {
      out.value(value.toNanos() / 1_000);
    }

    @Override
    public Duration read(JsonReader in) throws IOException {
      return Duration.of(in.nextLong(), ChronoUnit.MICROS);
    }
  }

  private static final class WindowPointPair extends TypeAdapter<WindowPoint> {
    @Override
    public void write(JsonWriter out, WindowPoint point) throws IOException {
      out.beginArray().value(micros(point.observeTime())).value(point.value()).endArray();
    }

    @Override
    public WindowPoint read(JsonReader in) throws IOException {
      in.beginArray();
      var point = new WindowPoint(instant(in.nextLong()), in.nextDouble());
      in.endArray();
      return point;
    }
  }
}
