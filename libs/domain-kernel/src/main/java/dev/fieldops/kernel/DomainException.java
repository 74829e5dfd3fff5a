package dev.fieldops.kernel;

import java.util.Map;
import java.util.Objects;

/**
 * A failure the domain can name. Every subtype stands for one kind of outcome a caller can act on
 * (absent, forbidden by a rule, stale, duplicate, invalid, unavailable for now, abandoned by its
 * caller); {@link #reason()} is the machine-readable name of the specific rule, in UPPER_SNAKE_CASE
 * (for example {@code TICKET_ALREADY_CLOSED}), and {@link #metadata()} carries the ids a caller
 * needs to correlate, never personal data.
 */
public abstract sealed class DomainException extends RuntimeException
    permits NotFoundException,
        RuleViolationException,
        ConcurrencyConflictException,
        PermissionDeniedException,
        AlreadyExistsException,
        InvalidInputException,
        UnavailableException,
        AbandonedException {

  private final String reason;
  private final Map<String, String> metadata;

  protected DomainException(String reason, String message, Map<String, String> metadata) {
    super(message, null, false, false);
    this.reason = requireReason(reason);
    this.metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
  }

  private static String requireReason(String reason) {
    if (reason == null || !reason.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("reason must be UPPER_SNAKE_CASE: " + reason);
    }
    return reason;
  }

  /** The rule's name, UPPER_SNAKE_CASE. */
  public String reason() {
    return reason;
  }

  /** Ids and values that explain the failure (for example {@code ticket_id}). */
  public Map<String, String> metadata() {
    return metadata;
  }
}
