package dev.fieldops.invoicing.application.query;

import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import java.util.Objects;

/** List charges not yet on any invoice, by customer and currency. */
public record ListUnbilledCharges(Principal principal, ChargeFilter filter, PageRequest page) {

  public ListUnbilledCharges {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(page, "page");
  }
}
