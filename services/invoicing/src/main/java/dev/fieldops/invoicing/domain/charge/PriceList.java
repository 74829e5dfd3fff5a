package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.money.Money;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * List prices from configuration, all in one currency: a per-minute rate for support work by
 * support tier, a monthly price for monitoring one device, and the tax rate charges are billed
 * with.
 *
 * <p>Rates are per minute because support time is billed in whole or fractional minutes; a rate
 * configured per hour must divide into minutes exactly (EUR 90.00/h = 1.50/min), or it is refused
 * at start-up rather than rounded on every line.
 *
 * <p>Defaults ({@link #DEFAULTS}): EUR; BASIC 60.00/h (1.00/min), STANDARD 90.00/h (1.50/min),
 * PREMIUM 120.00/h (2.00/min); device monitoring EUR 5.00 per device-month; tax 0 % — tax is a
 * matter of jurisdiction, so a deployment that bills tax must configure its rate.
 */
public record PriceList(
    Map<SupportTier, Money> supportRatePerMinute, Money monitoringPerDeviceMonth, TaxRate taxRate) {

  private static final CurrencyCode EUR = CurrencyCode.of("EUR");

  public static final PriceList DEFAULTS =
      perHour(
          Map.of(
              SupportTier.BASIC, Money.ofMinor(EUR, 6000),
              SupportTier.STANDARD, Money.ofMinor(EUR, 9000),
              SupportTier.PREMIUM, Money.ofMinor(EUR, 12000)),
          Money.ofMinor(EUR, 500),
          TaxRate.ZERO);

  public PriceList {
    Objects.requireNonNull(monitoringPerDeviceMonth, "monitoringPerDeviceMonth");
    Objects.requireNonNull(taxRate, "taxRate");
    supportRatePerMinute = Map.copyOf(new EnumMap<>(supportRatePerMinute));
    for (SupportTier tier : SupportTier.values()) {
      Money rate = supportRatePerMinute.get(tier);
      if (rate == null) {
        throw new IllegalArgumentException("price list lacks a support rate for " + tier);
      }
      if (!rate.currency().equals(monitoringPerDeviceMonth.currency()) || rate.isNegative()) {
        throw new IllegalArgumentException(
            "support rate for "
                + tier
                + " must be non-negative and in "
                + monitoringPerDeviceMonth.currency()
                + ": "
                + rate);
      }
    }
    if (monitoringPerDeviceMonth.isNegative()) {
      throw new IllegalArgumentException("monitoring price must not be negative");
    }
  }

  /**
   * A price list whose support rates are given per hour; each must divide into whole minor units
   * per minute.
   */
  public static PriceList perHour(
      Map<SupportTier, Money> supportRatePerHour, Money monitoringPerDeviceMonth, TaxRate taxRate) {
    Map<SupportTier, Money> perMinute = new EnumMap<>(SupportTier.class);
    supportRatePerHour.forEach(
        (tier, hourly) -> {
          if (hourly.minorUnits() % 60 != 0) {
            throw new IllegalArgumentException(
                "support rate for "
                    + tier
                    + " of "
                    + hourly
                    + " per hour is not a whole "
                    + hourly.currency()
                    + " minor unit per minute; configure a per-minute rate");
          }
          perMinute.put(tier, Money.ofMinor(hourly.currency(), hourly.minorUnits() / 60));
        });
    return new PriceList(perMinute, monitoringPerDeviceMonth, taxRate);
  }

  public CurrencyCode currency() {
    return monitoringPerDeviceMonth.currency();
  }

  /**
   * The list price of one unit of {@code kind}: a minute at {@code tier} for support work (empty
   * without a tier), a device-month for monitoring, nothing for OTHER.
   */
  public Optional<Money> unitPrice(ChargeKind kind, Optional<SupportTier> tier) {
    return switch (kind) {
      case SUPPORT_MINUTES -> tier.map(supportRatePerMinute::get);
      case DEVICE_MONITORING -> Optional.of(monitoringPerDeviceMonth);
      case OTHER -> Optional.empty();
    };
  }
}
