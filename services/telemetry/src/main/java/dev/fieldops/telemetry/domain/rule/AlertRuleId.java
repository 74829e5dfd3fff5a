package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Objects;
import java.util.UUID;

/** A rule's server-assigned id (UUIDv7). */
public record AlertRuleId(UUID value) implements Comparable<AlertRuleId> {

  public AlertRuleId {
    Objects.requireNonNull(value, "value");
  }

  public static AlertRuleId parse(String text, String field) {
    try {
      if (text != null && text.length() == 36) {
        return new AlertRuleId(UUID.fromString(text));
      }
    } catch (IllegalArgumentException notAUuid) {
      // reported below
    }
    throw InvalidInputException.of("INVALID_ALERT_RULE_ID", field, "is not an alert rule id");
  }

  @Override
  public int compareTo(AlertRuleId other) {
    return value.toString().compareTo(other.value.toString());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
