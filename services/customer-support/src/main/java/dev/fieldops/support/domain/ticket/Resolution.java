package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.Text;
import dev.fieldops.support.domain.shared.InputCheck;
import java.util.Objects;

/**
 * What an agent did to fix a problem and how many minutes of that work the customer pays for. Zero
 * billable minutes is a valid answer (goodwill, warranty).
 */
public record Resolution(String text, int billableMinutes) {

  static final int MAX_TEXT = 10_000;

  /** A generous upper bound (about ten working weeks) that catches typos such as a missing unit. */
  public static final int MAX_BILLABLE_MINUTES = 30_000;

  public Resolution {
    Objects.requireNonNull(text, "text");
    InputCheck.of("INVALID_RESOLUTION")
        .require(!text.isBlank(), "resolution", "required: say what fixed the problem")
        .require(Text.atMost(text, MAX_TEXT), "resolution", "at most " + MAX_TEXT + " characters")
        .require(InputCheck.isPrintable(text), "resolution", "printable text")
        .require(billableMinutes >= 0, "billable_minutes", "zero or more")
        .require(
            billableMinutes <= MAX_BILLABLE_MINUTES,
            "billable_minutes",
            "at most " + MAX_BILLABLE_MINUTES)
        .orThrow();
  }
}
