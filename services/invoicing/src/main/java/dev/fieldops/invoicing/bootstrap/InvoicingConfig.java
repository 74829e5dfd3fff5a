package dev.fieldops.invoicing.bootstrap;

import dev.fieldops.config.Environment;
import dev.fieldops.invoicing.domain.charge.PriceList;
import dev.fieldops.invoicing.domain.charge.SupportTier;
import dev.fieldops.invoicing.domain.customer.PaymentTerms;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Invoicing's own settings, from environment variables (the platform reads the database, NATS and
 * gRPC ones). Every variable has a default; a value that cannot be used stops the start with a
 * message naming the variable.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>Variable</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@value #PRICE_CURRENCY}</td><td>EUR</td><td>currency of the price list</td></tr>
 *   <tr><td>{@value #SUPPORT_RATE_BASIC}</td><td>60.00</td><td>support work per hour, BASIC tier</td></tr>
 *   <tr><td>{@value #SUPPORT_RATE_STANDARD}</td><td>90.00</td><td>per hour, STANDARD tier</td></tr>
 *   <tr><td>{@value #SUPPORT_RATE_PREMIUM}</td><td>120.00</td><td>per hour, PREMIUM tier</td></tr>
 *   <tr><td>{@value #MONITORING_PRICE}</td><td>5.00</td><td>monitoring one device for a month</td></tr>
 *   <tr><td>{@value #CHARGE_TAX_RATE}</td><td>0</td><td>tax rate of charges, basis points</td></tr>
 *   <tr><td>{@value #DEFAULT_TERMS}</td><td>30</td><td>net days when neither invoice nor customer says</td></tr>
 *   <tr><td>{@value #OVERDUE_SCAN_INTERVAL}</td><td>60s</td><td>pause between overdue scans</td></tr>
 *   <tr><td>{@value #OVERDUE_BATCH_SIZE}</td><td>500</td><td>candidates one scan query fetches</td></tr>
 *   <tr><td>{@value #MONITORING_CHARGE_INTERVAL}</td><td>1h</td><td>pause between runs of the
 *       monthly device-monitoring billing (each run bills every started month not billed yet, once
 *       per device)</td></tr>
 * </table>
 */
public record InvoicingConfig(
    PriceList priceList,
    PaymentTerms defaultPaymentTerms,
    Duration overdueScanInterval,
    int overdueBatchSize,
    Duration monitoringChargeInterval) {

  public static final String PRICE_CURRENCY = "INVOICING_PRICE_CURRENCY";
  public static final String SUPPORT_RATE_BASIC = "INVOICING_SUPPORT_RATE_BASIC_PER_HOUR";
  public static final String SUPPORT_RATE_STANDARD = "INVOICING_SUPPORT_RATE_STANDARD_PER_HOUR";
  public static final String SUPPORT_RATE_PREMIUM = "INVOICING_SUPPORT_RATE_PREMIUM_PER_HOUR";
  public static final String MONITORING_PRICE = "INVOICING_MONITORING_PRICE_PER_DEVICE_MONTH";
  public static final String CHARGE_TAX_RATE = "INVOICING_CHARGE_TAX_RATE_BPS";
  public static final String DEFAULT_TERMS = "INVOICING_DEFAULT_PAYMENT_TERMS_DAYS";
  public static final String OVERDUE_SCAN_INTERVAL = "INVOICING_OVERDUE_SCAN_INTERVAL";
  public static final String OVERDUE_BATCH_SIZE = "INVOICING_OVERDUE_BATCH_SIZE";
  public static final String MONITORING_CHARGE_INTERVAL = "INVOICING_MONITORING_CHARGE_INTERVAL";

  public static final Duration DEFAULT_OVERDUE_SCAN_INTERVAL = Duration.ofSeconds(60);
  public static final int DEFAULT_OVERDUE_BATCH_SIZE = 500;
  public static final Duration DEFAULT_MONITORING_CHARGE_INTERVAL = Duration.ofHours(1);

  private static final Duration MIN_INTERVAL = Duration.ofMillis(1);
  private static final Duration MAX_INTERVAL = Duration.ofDays(365);

  public InvoicingConfig {
    Objects.requireNonNull(priceList, "priceList");
    Objects.requireNonNull(defaultPaymentTerms, "defaultPaymentTerms");
    Objects.requireNonNull(overdueScanInterval, "overdueScanInterval");
    Objects.requireNonNull(monitoringChargeInterval, "monitoringChargeInterval");
  }

  /**
   * The defaults: {@link PriceList#DEFAULTS}, net 30, a scan a minute, monitoring billed hourly.
   */
  public static InvoicingConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Reads the settings; unset or blank variables take their defaults.
   *
   * @throws IllegalArgumentException naming the variable whose value is unusable
   */
  public static InvoicingConfig fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    CurrencyCode currency = currency(values);
    Map<SupportTier, Money> perHour = new EnumMap<>(SupportTier.class);
    perHour.put(SupportTier.BASIC, amount(values, SUPPORT_RATE_BASIC, currency, "60.00"));
    perHour.put(SupportTier.STANDARD, amount(values, SUPPORT_RATE_STANDARD, currency, "90.00"));
    perHour.put(SupportTier.PREMIUM, amount(values, SUPPORT_RATE_PREMIUM, currency, "120.00"));
    Money monitoring = amount(values, MONITORING_PRICE, currency, "5.00");
    TaxRate tax = new TaxRate(values.integer(CHARGE_TAX_RATE, 0, 0, TaxRate.MAX_BASIS_POINTS));
    PriceList priceList;
    try {
      priceList = PriceList.perHour(perHour, monitoring, tax);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the support rates ("
              + SUPPORT_RATE_BASIC
              + ", "
              + SUPPORT_RATE_STANDARD
              + ", "
              + SUPPORT_RATE_PREMIUM
              + ") must each be a whole minor unit per minute: "
              + e.getMessage(),
          e);
    }
    return new InvoicingConfig(
        priceList,
        new PaymentTerms(values.integer(DEFAULT_TERMS, 30, 0, PaymentTerms.MAX_NET_DAYS)),
        values.duration(
            OVERDUE_SCAN_INTERVAL, DEFAULT_OVERDUE_SCAN_INTERVAL, MIN_INTERVAL, MAX_INTERVAL),
        values.integer(OVERDUE_BATCH_SIZE, DEFAULT_OVERDUE_BATCH_SIZE, 1, 10_000),
        values.duration(
            MONITORING_CHARGE_INTERVAL,
            DEFAULT_MONITORING_CHARGE_INTERVAL,
            MIN_INTERVAL,
            MAX_INTERVAL));
  }

  private static CurrencyCode currency(Environment values) {
    return values
        .value(
            PRICE_CURRENCY,
            "an ISO 4217 currency with a minor unit (EUR, USD, JPY)",
            raw -> CurrencyCode.of(raw, PRICE_CURRENCY))
        .orElse(CurrencyCode.of("EUR"));
  }

  private static Money amount(
      Environment values, String variable, CurrencyCode currency, String fallback) {
    String expected =
        "a decimal amount in "
            + currency
            + " with at most "
            + currency.minorUnitDigits()
            + " decimal places, not negative, such as 90.00";
    return values
        .value(variable, expected, raw -> money(currency, raw, variable))
        .orElseGet(() -> money(currency, fallback, variable));
  }

  private static Money money(CurrencyCode currency, String text, String variable) {
    Money money = Money.ofDecimal(currency, new BigDecimal(text), variable);
    if (money.isNegative()) {
      throw new IllegalArgumentException("negative");
    }
    return money;
  }
}
