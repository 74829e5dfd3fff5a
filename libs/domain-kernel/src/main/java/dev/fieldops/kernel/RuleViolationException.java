package dev.fieldops.kernel;

import java.util.Map;

/**
 * The object exists but its current state forbids the requested change (resolve a closed ticket,
 * void a paid invoice). The reason names the rule.
 */
public final class RuleViolationException extends DomainException {

  public RuleViolationException(String reason, String message) {
    this(reason, message, Map.of());
  }

  public RuleViolationException(String reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }
}
