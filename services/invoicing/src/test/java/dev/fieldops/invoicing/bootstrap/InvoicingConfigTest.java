package dev.fieldops.invoicing.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.charge.PriceList;
import dev.fieldops.invoicing.domain.charge.SupportTier;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.money.Money;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvoicingConfigTest {

  @Test
  void without_variables_the_documented_defaults_apply() {
    InvoicingConfig config = InvoicingConfig.fromEnvironment(Map.of());

    assertThat(config.priceList()).isEqualTo(PriceList.DEFAULTS);
    assertThat(config.defaultPaymentTerms()).isEqualTo(PaymentTerms.DEFAULT);
    assertThat(config.overdueScanInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.overdueBatchSize()).isEqualTo(500);
  }

  @Test
  void a_price_list_in_another_currency_with_tax_is_read_from_the_environment() {
    InvoicingConfig config =
        InvoicingConfig.fromEnvironment(
            Map.of(
                "INVOICING_PRICE_CURRENCY", "KWD",
                "INVOICING_SUPPORT_RATE_BASIC_PER_HOUR", "30.000",
                "INVOICING_SUPPORT_RATE_STANDARD_PER_HOUR", "45.000",
                "INVOICING_SUPPORT_RATE_PREMIUM_PER_HOUR", "60.000",
                "INVOICING_MONITORING_PRICE_PER_DEVICE_MONTH", "2.500",
                "INVOICING_CHARGE_TAX_RATE_BPS", "500",
                "INVOICING_DEFAULT_PAYMENT_TERMS_DAYS", "14",
                "INVOICING_OVERDUE_SCAN_INTERVAL", "250ms"));

    assertThat(
            config
                .priceList()
                .unitPrice(ChargeKind.SUPPORT_MINUTES, Optional.of(SupportTier.STANDARD)))
        .contains(Money.ofMinor("KWD", 750));
    assertThat(config.priceList().unitPrice(ChargeKind.DEVICE_MONITORING, Optional.empty()))
        .contains(Money.ofMinor("KWD", 2500));
    assertThat(config.priceList().taxRate().basisPoints()).isEqualTo(500);
    assertThat(config.defaultPaymentTerms()).isEqualTo(PaymentTerms.net(14));
    assertThat(config.overdueScanInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @ParameterizedTest(name = "{0}={1} is refused, naming the variable")
  @CsvSource({
    "INVOICING_PRICE_CURRENCY, EURO",
    "INVOICING_SUPPORT_RATE_BASIC_PER_HOUR, 60.005",
    "INVOICING_SUPPORT_RATE_STANDARD_PER_HOUR, 90.01",
    "INVOICING_MONITORING_PRICE_PER_DEVICE_MONTH, -5",
    "INVOICING_CHARGE_TAX_RATE_BPS, 10001",
    "INVOICING_DEFAULT_PAYMENT_TERMS_DAYS, thirty",
    "INVOICING_OVERDUE_SCAN_INTERVAL, 0s",
    "INVOICING_OVERDUE_SCAN_INTERVAL, soon",
    "INVOICING_OVERDUE_BATCH_SIZE, 0",
  })
  void an_unusable_value_stops_the_start_with_the_variables_name(String variable, String value) {
    assertThatThrownBy(() -> InvoicingConfig.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable);
  }
}
