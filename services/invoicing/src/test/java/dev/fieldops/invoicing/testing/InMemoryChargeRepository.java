package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.charge.ChargeFilter;
import dev.fieldops.invoicing.domain.charge.ChargeId;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeSelection;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.charge.UnbilledCharge;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ChargeRepository} over the in-memory store. The store runs one transaction at a time, so
 * locking is implicit: {@link #lock} only reads.
 */
public final class InMemoryChargeRepository implements ChargeRepository {

  private static final Comparator<ChargeSnapshot> OCCURRENCE_ORDER =
      Comparator.comparing((ChargeSnapshot charge) -> charge.details().occurTime())
          .thenComparing(charge -> charge.id().value());

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
                  .filter(
                      c -> c.details().sourceReference().equals(charge.details().sourceReference()))
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
  public Page<ChargeSnapshot> listUnbilled(
      ChargeFilter filter, AccessScope scope, PageRequest page) {
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
      ChargeSelection selection, InvoiceId invoice, int limit) {
    if (selection.chosenByCaller()) {
      throw new IllegalArgumentException("chosen charges are billed with billChosen, not claimed");
    }
    var tables = store.write("claiming charges");
    return bill(
        tables.charges.values().stream()
            .filter(selection::covers)
            .sorted(OCCURRENCE_ORDER)
            .limit(limit)
            .toList(),
        invoice);
  }

  @Override
  public List<ChargeSnapshot> lock(Collection<ChargeId> ids) {
    var tables = store.write("locking charges");
    return ids.stream().map(tables.charges::get).filter(Objects::nonNull).toList();
  }

  @Override
  public List<ChargeSnapshot> billChosen(ChargeSelection selection, InvoiceId invoice) {
    var tables = store.write("billing charges");
    List<ChargeSnapshot> chosen =
        selection.chosen().stream()
            .map(tables.charges::get)
            .filter(Objects::nonNull)
            .filter(charge -> !charge.billed())
            .sorted(OCCURRENCE_ORDER)
            .toList();
    if (chosen.size() != selection.chosen().size()) {
      throw new IllegalStateException("chosen charges must be locked and unbilled");
    }
    return bill(chosen, invoice);
  }

  @Override
  public Optional<ChargeSnapshot> releaseFromInvoice(InvoiceId invoice, ChargeId charge) {
    var tables = store.write("releasing a charge");
    return Optional.ofNullable(tables.charges.get(charge))
        .filter(billed -> billed.billedInvoiceId().equals(Optional.of(invoice)))
        .map(
            billed -> {
              UnbilledCharge released = UnbilledCharge.reconstitute(billed);
              released.releaseFrom(invoice);
              ChargeSnapshot unbilled = released.snapshot();
              tables.charges.put(unbilled.id(), unbilled);
              return unbilled;
            });
  }

  private List<ChargeSnapshot> bill(List<ChargeSnapshot> charges, InvoiceId invoice) {
    var tables = store.write("billing charges");
    return charges.stream()
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
}
