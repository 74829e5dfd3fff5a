package dev.fieldops.runtime;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.fieldops.grpc.ProtoTimes;
import dev.fieldops.grpc.WellFormedValues;
import dev.fieldops.kernel.DomainException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Text;
import dev.fieldops.nats.EventHeaders;
import dev.fieldops.nats.inbox.EventDecoder;
import dev.fieldops.nats.inbox.EventEnvelope;
import dev.fieldops.nats.inbox.RejectedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a consuming service does with another context's event before trusting it, the same in every
 * service: read the payload as protobuf binary or proto3 JSON (by its {@code content-type}), refuse
 * timestamps, durations and amounts outside their well-known ranges ({@link WellFormedValues}, as
 * for requests), and check that the payload's own envelope fields agree with the message headers
 * the inbox deduplicates and orders by. A disagreement means a broken producer: the event is
 * rejected (parked at once as {@code REJECTED} with the reason), never half-applied.
 *
 * <p>A service declares only what is its own: which payload fields it compares with which headers
 * ({@link EnvelopeCheck}s) and how its reasons begin (invoicing's start with {@code INVALID_EVENT:
 * }, support's with the field). Its value objects are built through {@link #valid}.
 */
public final class IncomingEvents {

  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();
  private static final int SHOWN_VALUE = 80;

  private final String reasonPrefix;
  private final List<EnvelopeCheck> envelope;

  private IncomingEvents(String reasonPrefix, List<EnvelopeCheck> envelope) {
    this.reasonPrefix = Objects.requireNonNull(reasonPrefix, "reasonPrefix");
    this.envelope = List.copyOf(envelope);
  }

  /** Events whose payload is checked against the headers by {@code envelope}, in this order. */
  public static IncomingEvents checking(List<EnvelopeCheck> envelope) {
    return new IncomingEvents("", envelope);
  }

  /** The same checks, each rejection's reason starting with {@code prefix}. */
  public IncomingEvents withReasonPrefix(String prefix) {
    return new IncomingEvents(prefix, envelope);
  }

  /**
   * Decodes events of {@code prototype}'s type with {@link #read}: for {@link EventDecoder#byType},
   * where the decoded message is what the handler works with.
   */
  public <M extends Message> EventDecoder<M> decoder(M prototype) {
    Objects.requireNonNull(prototype, "prototype");
    return envelope -> read(envelope, prototype);
  }

  /**
   * The payload as a message of {@code prototype}'s type, well-formed and agreeing with the
   * headers.
   *
   * @throws RejectedEventException naming the first ill-formed value or disagreeing field
   * @throws Exception when the payload does not parse (parked as undecodable)
   */
  @SuppressWarnings("unchecked")
  public <M extends Message> M read(EventEnvelope envelope, M prototype) throws Exception {
    M event;
    if (envelope.isJson()) {
      var builder = prototype.newBuilderForType();
      JSON.merge(new String(envelope.payload(), StandardCharsets.UTF_8), builder);
      event = (M) builder.build();
    } else if (envelope.isProtobuf()) {
      event = (M) prototype.getParserForType().parseFrom(envelope.payload());
    } else {
      throw new IllegalArgumentException(
          "content-type "
              + envelope.contentType()
              + " is neither "
              + EventHeaders.PROTOBUF
              + " nor "
              + EventHeaders.JSON);
    }
    var illFormed = WellFormedValues.violations(event);
    if (!illFormed.isEmpty()) {
      throw rejected(illFormed.getFirst().field() + ": " + illFormed.getFirst().description());
    }
    for (EnvelopeCheck check : this.envelope) {
      Optional<String> disagreement = check.disagreement(envelope, event);
      if (disagreement.isPresent()) {
        throw rejected(disagreement.get());
      }
    }
    return event;
  }

  /** Builds a value object from an event field, turning its refusal into a rejection. */
  public <T> T valid(String field, String value, Function<String, T> parse)
      throws RejectedEventException {
    try {
      return parse.apply(value);
    } catch (InvalidInputException e) {
      throw rejected(
          field
              + " '"
              + abbreviate(value)
              + "' is invalid: "
              + e.violations().stream()
                  .map(v -> v.description())
                  .findFirst()
                  .orElse(e.getMessage()));
    }
  }

  /**
   * A field holding a UUID in its canonical hyphenated form (of either case), as FieldOps producers
   * write ids; anything else is a broken producer.
   */
  public UUID uuid(String field, String value) throws RejectedEventException {
    return valid(field, value, IncomingEvents::canonicalUuid);
  }

  /**
   * A timestamp field the event cannot do without: unset, or at or before the epoch (how an unset
   * time looks once a producer copied it), is rejected as missing.
   */
  public Instant time(String field, boolean present, Timestamp timestamp)
      throws RejectedEventException {
    if (!present || timestamp.getSeconds() <= 0) {
      throw rejected(field + " is missing");
    }
    return instant(timestamp);
  }

  /** A rejection with {@code reason} after this service's prefix. */
  public RejectedEventException rejected(String reason) {
    return new RejectedEventException(reasonPrefix + reason);
  }

  /** The application refused the event: parked with the refusal's reason, as a request would be. */
  public static RejectedEventException refused(DomainException e) {
    return new RejectedEventException(e.reason() + ": " + e.getMessage(), e);
  }

  /** An event's timestamp as an instant. */
  public static Instant instant(Timestamp timestamp) {
    return ProtoTimes.instant(timestamp);
  }

  private static UUID canonicalUuid(String value) {
    try {
      UUID parsed = UUID.fromString(value);
      if (parsed.toString().equals(value.toLowerCase(Locale.ROOT))) {
        return parsed;
      }
    } catch (IllegalArgumentException notAUuid) {
      // refused below
    }
    throw InvalidInputException.of("INVALID_ID", "id", "must be a UUID");
  }

  /** A value as shown in a reason: at most 80 characters, so a huge field does not fill the log. */
  public static String abbreviate(String value) {
    return Text.atMost(value, SHOWN_VALUE) ? value : Text.truncate(value, SHOWN_VALUE) + "…";
  }

  /**
   * One comparison of an event's own fields with its headers. The constants cover the envelope
   * every FieldOps event carries ({@code event_id}, {@code aggregate_version}, {@code occur_time});
   * {@link #aggregateId} names the field holding the aggregate's id, which differs per message.
   */
  @FunctionalInterface
  public interface EnvelopeCheck {

    /** What disagrees, or empty. */
    Optional<String> disagreement(EventEnvelope envelope, Message event);

    /** {@code event_id} equals {@code ce-id}. */
    EnvelopeCheck EVENT_ID =
        (envelope, event) -> {
          String eventId = (String) event.getField(field(event, "event_id"));
          return envelope.eventId().toString().equalsIgnoreCase(eventId)
              ? Optional.empty()
              : Optional.of(
                  "event_id '" + eventId + "' does not match ce-id " + envelope.eventId());
        };

    /** {@code aggregate_version} equals {@code fieldops-aggregate-version}. */
    EnvelopeCheck AGGREGATE_VERSION =
        (envelope, event) -> {
          long version = (Long) event.getField(field(event, "aggregate_version"));
          return version == envelope.aggregateVersion()
              ? Optional.empty()
              : Optional.of(
                  "aggregate_version "
                      + version
                      + " does not match "
                      + EventHeaders.AGGREGATE_VERSION
                      + " "
                      + envelope.aggregateVersion());
        };

    /** {@code occur_time} is present. */
    EnvelopeCheck OCCUR_TIME =
        (envelope, event) ->
            event.hasField(field(event, "occur_time"))
                ? Optional.empty()
                : Optional.of("occur_time is missing");

    /** The payload's {@code idField} equals {@code ce-subject}. */
    static EnvelopeCheck aggregateId(String idField) {
      Objects.requireNonNull(idField, "idField");
      return (envelope, event) -> {
        String id = (String) event.getField(field(event, idField));
        return envelope.aggregateId().equals(id)
            ? Optional.empty()
            : Optional.of(
                idField
                    + " '"
                    + id
                    + "' does not match ce-subject '"
                    + envelope.aggregateId()
                    + "'");
      };
    }

    /**
     * The whole FieldOps envelope, in the order reasons are reported: event id, aggregate id (in
     * {@code idField}), aggregate version, occur time.
     */
    static List<EnvelopeCheck> fieldOpsEnvelope(String idField) {
      return List.of(EVENT_ID, aggregateId(idField), AGGREGATE_VERSION, OCCUR_TIME);
    }

    private static FieldDescriptor field(Message event, String name) {
      FieldDescriptor field = event.getDescriptorForType().findFieldByName(name);
      if (field == null) {
        throw new IllegalArgumentException(
            event.getDescriptorForType().getFullName() + " has no field " + name);
      }
      return field;
    }
  }
}
