package dev.fieldops.invoicing.domain.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.Money;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceListTest {

  @Test
  void the_default_price_list_bills_euros_per_minute_by_tier_and_per_device_month() {
    PriceList prices = PriceList.DEFAULTS;

    assertThat(prices.currency().code()).isEqualTo("EUR");
    assertThat(prices.unitPrice(ChargeKind.SUPPORT_MINUTES, Optional.of(SupportTier.BASIC)))
        .contains(Money.ofMinor("EUR", 100));
    assertThat(prices.unitPrice(ChargeKind.SUPPORT_MINUTES, Optional.of(SupportTier.STANDARD)))
        .contains(Money.ofMinor("EUR", 150));
    assertThat(prices.unitPrice(ChargeKind.SUPPORT_MINUTES, Optional.of(SupportTier.PREMIUM)))
        .contains(Money.ofMinor("EUR", 200));
    assertThat(prices.unitPrice(ChargeKind.DEVICE_MONITORING, Optional.empty()))
        .contains(Money.ofMinor("EUR", 500));
    assertThat(prices.taxRate()).isEqualTo(TaxRate.ZERO);
  }

  @Test
  void support_minutes_without_a_tier_and_other_charges_have_no_list_price() {
    assertThat(PriceList.DEFAULTS.unitPrice(ChargeKind.SUPPORT_MINUTES, Optional.empty()))
        .isEmpty();
    assertThat(PriceList.DEFAULTS.unitPrice(ChargeKind.OTHER, Optional.of(SupportTier.BASIC)))
        .isEmpty();
  }

  @Test
  void an_hourly_rate_that_does_not_divide_into_whole_cents_per_minute_is_refused_at_start() {
    Map<SupportTier, Money> hourly =
        Map.of(
            SupportTier.BASIC, Money.ofMinor("EUR", 10000), // 100.00/h = 1.666.../min
            SupportTier.STANDARD, Money.ofMinor("EUR", 9000),
            SupportTier.PREMIUM, Money.ofMinor("EUR", 12000));

    assertThatThrownBy(() -> PriceList.perHour(hourly, Money.ofMinor("EUR", 500), TaxRate.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BASIC")
        .hasMessageContaining("per-minute");
  }

  @Test
  void a_price_list_is_in_one_currency_and_prices_every_tier() {
    assertThatThrownBy(
            () ->
                new PriceList(
                    Map.of(
                        SupportTier.BASIC, Money.ofMinor("USD", 100),
                        SupportTier.STANDARD, Money.ofMinor("EUR", 150),
                        SupportTier.PREMIUM, Money.ofMinor("EUR", 200)),
                    Money.ofMinor("EUR", 500),
                    TaxRate.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new PriceList(
                    Map.of(SupportTier.BASIC, Money.ofMinor("EUR", 100)),
                    Money.ofMinor("EUR", 500),
                    TaxRate.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STANDARD");
  }
}
