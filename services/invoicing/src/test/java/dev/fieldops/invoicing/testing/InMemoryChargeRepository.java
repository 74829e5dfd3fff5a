package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeId;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.charge.UnbilledCharge;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.LineId;
import dev.fieldops.invoicing.domain.money.CurrencyCode;
import dev.fieldops.invoicing.domain.paging.Page;
import dev.fieldops.invoicing.domain.paging.PageRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@link ChargeRepository} over the in-memory store. */
public final class InMemoryChargeRepository implements ChargeRepository {

  private final InMemoryInvoicingStore store;

  public InMemoryChargeRepository(InMemoryInvoicingStore store) {
    this.store = store;
  }

  @Override
  public ChargeSnapshot addIfAbsent(UnbilledCharge charge) {
    return store.inTransaction(
        () -> {
          var tables = store.write("recording a charge");
          Optional<ChargeSnapshot> holder =
              tables.charges.values().stream()
                  .filter(c -> c.details().sourceReference().equals(charge.details().sourceReference()))
                  .findFirst();
          if (holder.isPresent()) {
            return holder.get();
          }
          ChargeSnapshot stored = charge.snapshot();
          tables.charges.put(charge.id(), stored);
          tables.outbox.addAll(charge.pullEvents());
          return stored;
        });
  }

  @Override
  public Optional<ChargeSnapshot> find(ChargeId id, AccessScope scope) {
    return Optional.ofNullable(store.read().charges.get(id))
        .filter(charge -> scope.permits(charge.customerId()));
  }

  @Override
  public Page<ChargeSnapshot> listUnbilled(ChargeFilter filter, AccessScope scope, PageRequest page) {
    List<ChargeSnapshot> matching =
        store.read().charges.values().stream()
            .filter(charge -> !charge.billed())
            .filter(charge -> scope.permits(charge.customerId()))
            .filter(filter::matches)
            .toList();
    return Keyset.page(matching, charge -> charge.id().toString(), page, Keyset::isUuid);
  }

  @Override
  public List<ChargeSnapshot> claimUnbilled(
      CustomerId customer, CurrencyCode currency, InvoiceId invoice, int limit) {
    var tables = store.write("claiming charges");
    List<ChargeSnapshot> claimable =
        tables.charges.values().stream()
            .filter(charge -> !charge.billed())
            .filter(charge -> charge.customerId().equals(customer))
            .filter(charge -> charge.details().unitPrice().currency().equals(currency))
            .sorted(
                Comparator.comparing((ChargeSnapshot charge) -> charge.details().occurTime())
                    .thenComparing(charge -> charge.id().toString()))
            .limit(limit)
            .toList();
    return claimable.stream()
        .map(
            charge -> {
              UnbilledCharge claimed = UnbilledCharge.reconstitute(charge);
              claimed.billTo(invoice);
              ChargeSnapshot billed = claimed.snapshot();
              tables.charges.put(billed.id(), billed);
              return billed;
            })
        .toList();
  }

  @Override
  public Optional<ChargeSnapshot> releaseFromInvoice(InvoiceId invoice, LineId line) {
    var tables = store.write("releasing a charge");
    return Optional.ofNullable(tables.charges.get(new ChargeId(line.value())))
        .filter(charge -> charge.billedInvoiceId().equals(Optional.of(invoice)))
        .map(
            charge -> {
              UnbilledCharge released = UnbilledCharge.reconstitute(charge);
              released.releaseFrom(invoice);
              ChargeSnapshot unbilled = released.snapshot();
              tables.charges.put(unbilled.id(), unbilled);
              return unbilled;
            });
  }
}
