package dev.fieldops.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.fieldops.invoicing.v1.InvoicingEventsProto;
import dev.fieldops.support.v1.SupportEventsProto;
import dev.fieldops.telemetry.v1.TelemetryEventsProto;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an event message into JSON using the published contract: {@code ce-type} names the message,
 * {@code content-type} says whether the payload is protobuf or already JSON. An event this contract
 * does not know (a newer producer) is shown as base64 rather than dropped.
 */
final class EventDecoder {

  private final Map<String, Descriptor> eventTypes = new HashMap<>();
  private final JsonFormat.Printer printer;

  EventDecoder() {
    for (FileDescriptor file :
        List.of(
            SupportEventsProto.getDescriptor(),
            TelemetryEventsProto.getDescriptor(),
            InvoicingEventsProto.getDescriptor())) {
      for (Descriptor message : file.getMessageTypes()) {
        eventTypes.put(message.getFullName(), message);
      }
    }
    printer = JsonFormat.printer().omittingInsignificantWhitespace().preservingProtoFieldNames();
  }

  /** The event types this decoder knows, by full proto name. */
  Map<String, Descriptor> eventTypes() {
    return Map.copyOf(eventTypes);
  }

  JsonElement decode(Optional<String> eventType, Optional<String> contentType, byte[] payload) {
    if (contentType.map(type -> type.startsWith("application/json")).orElse(false)) {
      return JsonParser.parseString(new String(payload, StandardCharsets.UTF_8));
    }
    Descriptor descriptor = eventType.map(eventTypes::get).orElse(null);
    if (descriptor == null) {
      return undecodable("unknown event type " + eventType.orElse("(no ce-type)"), payload);
    }
    try {
      return JsonParser.parseString(printer.print(DynamicMessage.parseFrom(descriptor, payload)));
    } catch (InvalidProtocolBufferException e) {
      return undecodable(
          "not a valid " + descriptor.getFullName() + ": " + e.getMessage(), payload);
    }
  }

  private static JsonElement undecodable(String why, byte[] payload) {
    var json = new JsonObject();
    json.addProperty("undecodable", why);
    json.addProperty("payload_base64", java.util.Base64.getEncoder().encodeToString(payload));
    return json;
  }
}
