package dev.fieldops.invoicing.domain.charge;

import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import java.util.Objects;
import java.util.Optional;

/** Which unbilled charges a list wants; every present condition must hold. */
public record ChargeFilter(
    Optional<CustomerId> customerId, Optional<CurrencyCode> currency, Optional<ChargeKind> kind) {

  public ChargeFilter {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(kind, "kind");
  }

  public static ChargeFilter all() {
    return new ChargeFilter(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static ChargeFilter ofCustomer(CustomerId customer) {
    return new ChargeFilter(Optional.of(customer), Optional.empty(), Optional.empty());
  }

  public ChargeFilter inCurrency(CurrencyCode wanted) {
    return new ChargeFilter(customerId, Optional.of(wanted), kind);
  }

  public ChargeFilter ofKind(ChargeKind wanted) {
    return new ChargeFilter(customerId, currency, Optional.of(wanted));
  }

  /** Whether {@code charge} meets every condition. */
  public boolean matches(ChargeSnapshot charge) {
    return customerId.map(charge.customerId()::equals).orElse(true)
        && currency.map(charge.details().unitPrice().currency()::equals).orElse(true)
        && kind.map(charge.details().kind()::equals).orElse(true);
  }
}
