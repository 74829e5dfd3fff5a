package dev.fieldops.support.domain.shared;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every invalid field of one input before failing, so that a caller learns about all its
 * mistakes at once instead of one per round trip. Field names are the resource's own field names in
 * snake_case ({@code subject}, {@code billable_minutes}); the transport adapter prefixes the
 * request field that wraps the resource ({@code ticket.subject}) where there is one.
 */
public final class InputCheck {

  private final String reason;
  private final List<FieldViolation> violations = new ArrayList<>();

  private InputCheck(String reason) {
    this.reason = reason;
  }

  /** Starts a check whose failure carries {@code reason}, e.g. {@code INVALID_TICKET}. */
  public static InputCheck of(String reason) {
    return new InputCheck(reason);
  }

  public InputCheck require(boolean condition, String field, String description) {
    if (!condition) {
      violations.add(new FieldViolation(field, description));
    }
    return this;
  }

  /** Records a violation that was found elsewhere (for example by a value object's parser). */
  public InputCheck add(String field, String description) {
    violations.add(new FieldViolation(field, description));
    return this;
  }

  public boolean hasViolations() {
    return !violations.isEmpty();
  }

  /** Throws {@link InvalidInputException} if any rule failed. */
  public void orThrow() {
    if (!violations.isEmpty()) {
      throw new InvalidInputException(reason, violations);
    }
  }

  /** Whether the text has no characters outside printable text, tabs and line breaks. */
  public static boolean isPrintable(String text) {
    return text.codePoints()
        .allMatch(c -> c == '\n' || c == '\r' || c == '\t' || !Character.isISOControl(c));
  }
}
