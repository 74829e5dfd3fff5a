package dev.fieldops.invoicing.testing;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.customer.CustomerId;
import dev.fieldops.invoicing.domain.invoice.CustomerBalance;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import dev.fieldops.invoicing.domain.invoice.InvoiceFilter;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.invoicing.domain.invoice.InvoiceSnapshot;
import dev.fieldops.invoicing.domain.invoice.InvoiceStatus;
import dev.fieldops.invoicing.domain.invoice.Payment;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/** {@link InvoiceRepository} and {@link InvoiceQueries} over the in-memory store. */
public final class InMemoryInvoiceRepository implements InvoiceRepository, InvoiceQueries {

  private final InMemoryInvoicingStore store;

  public InMemoryInvoiceRepository(InMemoryInvoicingStore store) {
    this.store = store;
  }

  @Override
  public void add(Invoice invoice) {
    store.inTransaction(
        () -> {
          var tables = store.write("adding an invoice");
          if (tables.invoices.containsKey(invoice.id())) {
            throw new IllegalStateException("invoice " + invoice.id() + " exists already");
          }
          tables.invoices.put(invoice.id(), invoice.snapshot());
          tables.outbox.addAll(invoice.pullEvents());
          return null;
        });
  }

  @Override
  public Optional<Invoice> find(InvoiceId id, AccessScope scope) {
    return get(id, scope).map(Invoice::reconstitute);
  }

  @Override
  public <R> R update(InvoiceId id, AccessScope scope, Function<Invoice, R> change) {
    return store.inTransaction(
        () -> {
          var tables = store.write("updating an invoice");
          InvoiceSnapshot stored =
              Optional.ofNullable(tables.invoices.get(id))
                  .filter(invoice -> scope.permits(invoice.customerId()))
                  .orElseThrow(() -> NotFoundException.of("invoice", id.toString()));
          Invoice invoice = Invoice.reconstitute(stored);
          R result = change.apply(invoice);
          if (invoice.version() < stored.version()) {
            throw new IllegalStateException("an invoice's version never goes back");
          }
          tables.invoices.put(id, invoice.snapshot());
          tables.outbox.addAll(invoice.pullEvents());
          return result;
        });
  }

  @Override
  public Optional<InvoiceSnapshot> get(InvoiceId id, AccessScope scope) {
    return Optional.ofNullable(store.read().invoices.get(id))
        .filter(invoice -> scope.permits(invoice.customerId()));
  }

  @Override
  public Page<InvoiceSnapshot> list(InvoiceFilter filter, AccessScope scope, PageRequest page) {
    List<InvoiceSnapshot> matching =
        store.read().invoices.values().stream()
            .filter(invoice -> scope.permits(invoice.customerId()))
            .filter(filter::matches)
            .toList();
    return Keyset.page(matching, invoice -> invoice.id().toString(), page, Keyset::isUuid);
  }

  @Override
  public Optional<Page<Payment>> listPayments(InvoiceId id, AccessScope scope, PageRequest page) {
    return get(id, scope)
        .map(
            invoice -> {
              List<Payment> payments = invoice.payments();
              // Payments are append-only, so the position in record order is a stable key.
              List<Integer> positions = IntStream.range(0, payments.size()).boxed().toList();
              return Keyset.page(
                      positions,
                      position -> String.format("%08d", position),
                      page,
                      cursor -> cursor.matches("[0-9]{8}"))
                  .map(payments::get);
            });
  }

  @Override
  public CustomerBalance balanceOf(CustomerId customer, Instant asOf) {
    return CustomerBalance.of(customer, asOf, store.read().invoices.values());
  }

  @Override
  public List<InvoiceId> overdueCandidates(Instant now, int limit) {
    return store.read().invoices.values().stream()
        .filter(invoice -> invoice.status() == InvoiceStatus.ISSUED)
        .filter(invoice -> !invoice.overdue())
        .filter(invoice -> invoice.dueTime().orElseThrow().isBefore(now))
        .sorted(Comparator.comparing((InvoiceSnapshot invoice) -> invoice.dueTime().orElseThrow()))
        .limit(limit)
        .map(InvoiceSnapshot::id)
        .toList();
  }
}
