package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.InvalidInputException;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The human-readable number a customer quotes on the phone, {@code T-2026-000123}: the year the
 * ticket was opened (UTC) and a sequence that is unique within that year. Assigned once when the
 * ticket is opened, it never changes. Sequences above 999999 simply get more digits.
 */
public record TicketNumber(Year year, long sequence) implements Comparable<TicketNumber> {

  private static final Pattern FORMAT = Pattern.compile("T-(\\d{4})-(\\d{6,18})");

  public TicketNumber {
    Objects.requireNonNull(year, "year");
    if (year.getValue() < 1000 || year.getValue() > 9999) {
      throw new IllegalArgumentException("a ticket number's year has four digits: " + year);
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("a ticket number's sequence starts at 1: " + sequence);
    }
  }

  /** Draws the next number for a ticket opened at {@code openTime}. */
  public static TicketNumber next(Instant openTime, TicketNumberSequence sequence) {
    var year = Year.from(openTime.atZone(ZoneOffset.UTC));
    var number = sequence.next(year);
    if (!number.year().equals(year)) {
      throw new IllegalStateException(
          "the ticket number sequence answered " + number + " for year " + year);
    }
    return number;
  }

  /**
   * Parses {@code T-2026-000123}.
   *
   * @throws InvalidInputException {@code INVALID_TICKET_NUMBER} on field {@code ticket_number}
   */
  public static TicketNumber parse(String text) {
    var matcher = FORMAT.matcher(text);
    if (matcher.matches()) {
      try {
        var number =
            new TicketNumber(
                Year.of(Integer.parseInt(matcher.group(1))), Long.parseLong(matcher.group(2)));
        // Only the canonical spelling is a ticket number: T-2026-0000123 is not T-2026-000123.
        if (number.toString().equals(text)) {
          return number;
        }
      } catch (IllegalArgumentException e) {
        // falls through to the invalid-input error below
      }
    }
    throw InvalidInputException.of(
        "INVALID_TICKET_NUMBER", "ticket_number", "must look like T-2026-000123");
  }

  @Override
  public int compareTo(TicketNumber other) {
    int byYear = year.compareTo(other.year);
    return byYear != 0 ? byYear : Long.compare(sequence, other.sequence);
  }

  /**
   * {@code T-2026-000123}: the year's four digits, the sequence padded to six. Built by hand, not
   * with a format string: a page of tickets formats fifty of them, and {@code String.format} was 4
   * % of a ticket listing's CPU.
   */
  @Override
  public String toString() {
    String digits = Long.toString(sequence);
    var text = new StringBuilder(7 + Math.max(6, digits.length())).append("T-");
    text.append(year.getValue()).append('-');
    for (int pad = digits.length(); pad < 6; pad++) {
      text.append('0');
    }
    return text.append(digits).toString();
  }
}
