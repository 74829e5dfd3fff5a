package dev.fieldops.support.application.event;

import dev.fieldops.kernel.Text;
import dev.fieldops.support.application.event.DeviceLookup.DeviceDetails;
import dev.fieldops.support.domain.ticket.DeviceId;
import dev.fieldops.support.domain.ticket.TicketDraft;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.OptionalDouble;

/**
 * What support's automation writes on alert tickets, in plain words for the agent who reads them.
 * Telemetry's texts are untrusted: they are reduced to printable text and cut to fit.
 */
final class AlertTicketText {

  /** Said on every alert ticket until the device has been described. */
  static final String DETAILS_NOT_AVAILABLE =
      "Device details are not available yet: telemetry is asked once the ticket is stored, and its"
          + " answer (name, location, kind and the last hour of readings) is added as an internal"
          + " note.";

  private static final int MAX_SUMMARY_IN_DESCRIPTION = 1_000;

  private AlertTicketText() {}

  static String subject(TelemetryAlert.Raised alert) {
    var summary = singleLine(alert.summary());
    var subject =
        summary.isEmpty()
            ? alert.severity()
                + " alert of rule "
                + singleLine(alert.ruleId())
                + " on device "
                + alert.deviceId()
            : summary;
    return cut(subject, TicketDraft.MAX_SUBJECT_LENGTH);
  }

  static String description(TelemetryAlert.Raised alert) {
    var text = new StringBuilder();
    text.append("Telemetry raised a ")
        .append(alert.severity())
        .append(" alert for device ")
        .append(alert.deviceId())
        .append(".\n");
    var summary = singleLine(alert.summary());
    if (!summary.isEmpty()) {
      text.append("Summary: ").append(cut(summary, MAX_SUMMARY_IN_DESCRIPTION)).append('\n');
    }
    text.append("Rule: ").append(singleLine(alert.ruleId())).append('\n');
    if (alert.value().isPresent()) {
      text.append("Reading: ")
          .append(number(alert.value().getAsDouble()))
          .append(' ')
          .append(alert.metric().unit())
          .append(" at ")
          .append(time(alert.observeTime()))
          .append('\n');
    } else {
      text.append("Reading: none since ").append(time(alert.observeTime())).append('\n');
    }
    text.append("Alert: ")
        .append(alert.alertId())
        .append(", raised at ")
        .append(time(alert.occurTime()))
        .append("\n\n")
        .append(DETAILS_NOT_AVAILABLE);
    return text.toString();
  }

  static String clearedNote(TelemetryAlert.Cleared alert) {
    var values = new StringBuilder();
    appendValue(values, "value", alert.lastValue());
    appendValue(values, "peak", alert.peakValue());
    if (values.isEmpty()) {
      values.append("no value");
    }
    return "Telemetry alert "
        + alert.alertId()
        + " cleared at "
        + time(alert.occurTime())
        + " ("
        + values
        + "; reason "
        + singleLine(alert.reason())
        + "). The ticket stays as it is: close it once the customer's problem is solved.";
  }

  static String deviceNote(DeviceId deviceId, DeviceDetails device) {
    var note = new StringBuilder();
    note.append("Device details from telemetry for device ").append(deviceId).append(":\n");
    note.append("- name: ").append(singleLine(device.name())).append('\n');
    note.append("- location: ")
        .append(device.location().isBlank() ? "not recorded" : singleLine(device.location()))
        .append('\n');
    note.append("- kind: ").append(device.kind()).append('\n');
    note.append("- state: ").append(device.state()).append('\n');
    note.append("- last hour of ")
        .append(device.metric())
        .append(" readings (")
        .append(time(device.from()))
        .append(" to ")
        .append(time(device.to()))
        .append("): ");
    if (device.readings().isEmpty()) {
      note.append("no readings");
    } else {
      var r = device.readings().get();
      var unit = " " + device.metric().unit();
      note.append("min ")
          .append(number(r.min()))
          .append(unit)
          .append(", max ")
          .append(number(r.max()))
          .append(unit)
          .append(", avg ")
          .append(number(r.avg()))
          .append(unit)
          .append(", count ")
          .append(r.count());
    }
    return note.toString();
  }

  static String unknownDeviceNote(DeviceId deviceId) {
    return "Device details: telemetry does not know device "
        + deviceId
        + ", so nothing can be added about it.";
  }

  private static void appendValue(StringBuilder values, String label, OptionalDouble value) {
    if (value.isPresent()) {
      if (!values.isEmpty()) {
        values.append(", ");
      }
      values.append(label).append(' ').append(number(value.getAsDouble()));
    }
  }

  /**
   * At most two decimals, no trailing zeros, no exponent: {@code -9.5}, {@code 21}, {@code 0.25}.
   */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value)
        .setScale(2, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Control characters become spaces, runs of white space one space. */
  static String singleLine(String text) {
    var clean = new StringBuilder(text.length());
    text.codePoints()
        .map(c -> Character.isISOControl(c) || Character.isWhitespace(c) ? ' ' : c)
        .forEach(clean::appendCodePoint);
    return clean.toString().trim().replaceAll(" {2,}", " ");
  }

  /** At most {@code max} characters, the last one an ellipsis when something was cut. */
  private static String cut(String text, int max) {
    return Text.atMost(text, max) ? text : Text.truncate(text, max - 1) + "…";
  }
}
