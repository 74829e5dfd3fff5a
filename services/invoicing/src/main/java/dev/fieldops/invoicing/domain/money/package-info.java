/**
 * Exact money for invoicing. Amounts are whole numbers of a currency's minor unit (cents, fils,
 * yen) held in a {@code long}, because an invoice must add up to the last minor unit on every
 * machine and in the database; floating point cannot promise that. Rounding happens in exactly two
 * named places (a line amount and a per-rate tax), always half-even, so that totals are
 * reproducible and free of the upward bias of half-up rounding. Quantities are exact thousandths;
 * their {@link dev.fieldops.invoicing.domain.money.QuantityUnit unit} is printed beside them and
 * never enters a computation.
 */
package dev.fieldops.invoicing.domain.money;
