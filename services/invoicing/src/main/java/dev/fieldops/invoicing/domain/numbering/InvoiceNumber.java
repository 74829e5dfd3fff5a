package dev.fieldops.invoicing.domain.numbering;

import dev.fieldops.kernel.InvalidInputException;
import java.time.Year;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The human-readable, immutable number an invoice gets at issue: {@code INV-<year>-<sequence>}, the
 * sequence zero-padded to at least six digits ({@code INV-2026-000042}); beyond 999 999 it simply
 * grows ({@code INV-2026-1000000}), so numbers of one year still sort by length, then text.
 */
public record InvoiceNumber(Year year, long sequence) implements Comparable<InvoiceNumber> {

  private static final Pattern FORMAT = Pattern.compile("INV-(\\d{4})-(\\d{6,18})");

  public InvoiceNumber {
    Objects.requireNonNull(year, "year");
    if (year.getValue() < 1000 || year.getValue() > 9999) {
      throw new IllegalArgumentException("year must have four digits: " + year);
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("sequences start at 1: " + sequence);
    }
  }

  public static InvoiceNumber of(int year, long sequence) {
    return new InvoiceNumber(Year.of(year), sequence);
  }

  /** Reads {@code INV-2026-000042}; {@code field} names the input when it is not a number. */
  public static InvoiceNumber parse(String text, String field) {
    Matcher matcher = text == null ? null : FORMAT.matcher(text);
    if (matcher == null || !matcher.matches()) {
      throw InvalidInputException.of(
          "INVALID_INVOICE_NUMBER", field, "must look like INV-2026-000042");
    }
    long sequence = Long.parseLong(matcher.group(2));
    if (sequence < 1 || (matcher.group(2).length() > 6 && matcher.group(2).startsWith("0"))) {
      throw InvalidInputException.of(
          "INVALID_INVOICE_NUMBER", field, "must look like INV-2026-000042");
    }
    return new InvoiceNumber(Year.of(Integer.parseInt(matcher.group(1))), sequence);
  }

  @Override
  public int compareTo(InvoiceNumber other) {
    int byYear = year.compareTo(other.year);
    return byYear != 0 ? byYear : Long.compare(sequence, other.sequence);
  }

  @Override
  public String toString() {
    return String.format("INV-%04d-%06d", year.getValue(), sequence);
  }
}
