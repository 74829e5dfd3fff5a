package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import java.util.Objects;
import java.util.Optional;

/** Which unbilled charges a list wants; every present condition must hold. */
public record ChargeFilter(Optional<CustomerId> customerId, Optional<CurrencyCode> currency) {

  public ChargeFilter {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(currency, "currency");
  }

  public static ChargeFilter all() {
    return new ChargeFilter(Optional.empty(), Optional.empty());
  }

  public static ChargeFilter ofCustomer(CustomerId customer) {
    return new ChargeFilter(Optional.of(customer), Optional.empty());
  }

  /** Whether {@code charge} meets every condition. */
  public boolean matches(ChargeSnapshot charge) {
    return customerId.map(charge.customerId()::equals).orElse(true)
        && currency.map(charge.details().unitPrice().currency()::equals).orElse(true);
  }
}
