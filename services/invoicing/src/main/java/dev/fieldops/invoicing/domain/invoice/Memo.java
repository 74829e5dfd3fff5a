package dev.fieldops.invoicing.domain.invoice;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Text;
import java.util.Objects;

/**
 * Free text printed on an invoice, such as the customer's order reference ("PO 4711") or a note
 * about the period billed. Up to {@value #MAX_LENGTH} characters over several lines; not blank, and
 * no control characters other than line breaks and tabs, so that it prints as typed. Given when the
 * draft is created and never changed afterwards: it is part of what was issued.
 */
public record Memo(String text) {

  /** Characters (code points, as the contract counts them) a memo may have. */
  public static final int MAX_LENGTH = 2000;

  public Memo {
    Objects.requireNonNull(text, "text");
    if (!acceptable(text)) {
      throw new IllegalArgumentException("not a memo: " + text);
    }
  }

  /** A memo from input, naming {@code field} when it is not acceptable. */
  public static Memo of(String text, String field) {
    if (text == null || !acceptable(text)) {
      throw InvalidInputException.of(
          "INVALID_MEMO",
          field,
          "must be 1-"
              + MAX_LENGTH
              + " characters, not blank, without control characters other than line breaks and tabs");
    }
    return new Memo(text);
  }

  private static boolean acceptable(String text) {
    return !text.isBlank()
        && Text.atMost(text, MAX_LENGTH)
        && text.chars()
            .noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
  }

  @Override
  public String toString() {
    return text;
  }
}
