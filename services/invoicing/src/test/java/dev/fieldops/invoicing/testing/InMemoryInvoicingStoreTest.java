package dev.fieldops.invoicing.testing;

import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.anyCustomer;
import static dev.fieldops.invoicing.domain.invoice.InvoiceFixtures.draftFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.invoice.Invoice;
import java.time.Year;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The fake's own transaction behaviour, which the other fakes' contracts rely on. */
class InMemoryInvoicingStoreTest {

  private final InMemoryInvoicing db = new InMemoryInvoicing();

  @Test
  void an_injected_commit_failure_rolls_back_everything_the_work_did() {
    Invoice draft = draftFor(anyCustomer());
    db.store.failNextCommits(1);

    assertThatThrownBy(
            () ->
                db.store.inTransaction(
                    () -> {
                      db.invoices.add(draft);
                      return db.numbers.next(Year.of(2026));
                    }))
        .isInstanceOf(InMemoryInvoicingStore.InjectedCommitFailure.class);

    assertThat(db.invoices.find(draft.id(), AccessScope.everyCustomer())).isEmpty();
    assertThat(db.store.inTransaction(() -> db.numbers.next(Year.of(2026))).sequence())
        .isEqualTo(1);
  }

  @Test
  void readers_outside_the_transaction_see_only_committed_state() {
    Invoice draft = draftFor(anyCustomer());

    AtomicBoolean otherThreadSawIt = new AtomicBoolean(true);

    db.store.inTransaction(
        () -> {
          db.invoices.add(draft);
          assertThat(db.invoices.find(draft.id(), AccessScope.everyCustomer()))
              .as("own writes")
              .isPresent();
          Thread reader =
              Thread.ofPlatform()
                  .start(
                      () ->
                          otherThreadSawIt.set(
                              db.invoices
                                  .get(draft.id(), AccessScope.everyCustomer())
                                  .isPresent()));
          try {
            reader.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return null;
        });

    assertThat(otherThreadSawIt).as("uncommitted writes are invisible to others").isFalse();
    assertThat(db.invoices.get(draft.id(), AccessScope.everyCustomer())).isPresent();
  }
}
