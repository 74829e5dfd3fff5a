package dev.fieldops.invoicing.domain.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvoiceNumberTest {

  @ParameterizedTest(name = "{0}/{1} is {2}")
  @CsvSource({
    "2026, 42, INV-2026-000042",
    "2026, 1, INV-2026-000001",
    "2027, 999999, INV-2027-999999",
    "2027, 1000000, INV-2027-1000000"
  })
  void a_number_is_the_year_and_a_sequence_of_at_least_six_digits(
      int year, long sequence, String text) {
    InvoiceNumber number = InvoiceNumber.of(year, sequence);

    assertThat(number).hasToString(text);
    assertThat(InvoiceNumber.parse(text, "invoice_number")).isEqualTo(number);
  }

  @ParameterizedTest(name = "\"{0}\" is not an invoice number")
  @ValueSource(
      strings = {
        "INV-2026-42",
        "INV-26-000042",
        "inv-2026-000042",
        "INV-2026-000000",
        "INV-2026-0000042",
        ""
      })
  void text_that_is_not_a_canonical_number_is_refused(String text) {
    assertThatThrownBy(() -> InvoiceNumber.parse(text, "invoice_number"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_INVOICE_NUMBER"));
  }

  @Test
  void numbers_order_by_year_then_sequence() {
    assertThat(InvoiceNumber.of(2026, 1000000)).isLessThan(InvoiceNumber.of(2027, 1));
    assertThat(InvoiceNumber.of(2026, 2)).isGreaterThan(InvoiceNumber.of(2026, 1));
  }

  @Test
  void sequences_start_at_one() {
    assertThatThrownBy(() -> InvoiceNumber.of(2026, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
