package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.charge.SupportTier;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.invoice.TaxRate;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.kernel.IdempotentCommand;
import dev.fieldops.kernel.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Record a billable charge. The unit is the given one, else the kind's ({@code ChargeKind.unit});
 * the unit price is the given one, else the price list's for the kind (support minutes need the
 * support tier); the tax rate is the given one, else the price list's.
 */
public record RecordUnbilledCharge(
    Principal principal,
    CustomerId customerId,
    ChargeKind kind,
    String description,
    Quantity quantity,
    Optional<QuantityUnit> unit,
    Optional<Money> unitPrice,
    Optional<SupportTier> supportTier,
    Optional<TaxRate> taxRate,
    SourceReference sourceReference,
    Instant occurTime)
    implements IdempotentCommand {

  public RecordUnbilledCharge {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(supportTier, "supportTier");
    Objects.requireNonNull(taxRate, "taxRate");
    Objects.requireNonNull(sourceReference, "sourceReference");
    Objects.requireNonNull(occurTime, "occurTime");
  }
}
