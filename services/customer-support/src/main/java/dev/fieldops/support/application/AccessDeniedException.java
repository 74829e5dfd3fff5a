package dev.fieldops.support.application;

import java.util.Map;
import java.util.Objects;

/**
 * The caller is who it claims to be and may see the object, but may not do this to it (a customer
 * resolving its own ticket), or is a kind of principal support does not serve at all (a device).
 * Maps to {@code PERMISSION_DENIED}. An object the caller may not even see is never reported with
 * this exception: that is {@code NOT_FOUND}, as if it did not exist.
 */
public final class AccessDeniedException extends RuntimeException {

  private final String reason;
  private final Map<String, String> metadata;

  public AccessDeniedException(String reason, String message, Map<String, String> metadata) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.metadata = Map.copyOf(metadata);
  }

  /** UPPER_SNAKE_CASE name of the rule, for {@code ErrorInfo.reason}. */
  public String reason() {
    return reason;
  }

  /** What was attempted and by which kind of principal, for {@code ErrorInfo.metadata}. */
  public Map<String, String> metadata() {
    return metadata;
  }
}
