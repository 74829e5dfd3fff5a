package dev.fieldops.kernel;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Input that no state of the system would accept (mixed currencies on one invoice, a clear level on
 * the wrong side of a threshold). Carries field violations so a caller can point at the culprit.
 */
public final class InvalidInputException extends DomainException {

  /**
   * One offending field. A domain names the field as its own ({@code lines[2].unit_price}); the
   * transport adapter puts the resource's request path in front ({@code
   * invoice.lines[2].unit_price}) before a client sees it.
   */
  public record FieldViolation(String field, String description) {
    public FieldViolation {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(description, "description");
    }
  }

  private final List<FieldViolation> violations;

  public InvalidInputException(String reason, List<FieldViolation> violations) {
    super(reason, describe(violations), Map.of());
    this.violations = List.copyOf(violations);
  }

  /** A single-field violation. */
  public static InvalidInputException of(String reason, String field, String description) {
    return new InvalidInputException(reason, List.of(new FieldViolation(field, description)));
  }

  public List<FieldViolation> violations() {
    return violations;
  }

  private static String describe(List<FieldViolation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an invalid input names at least one field");
    }
    var first = violations.getFirst();
    return first.field() + ": " + first.description();
  }
}
