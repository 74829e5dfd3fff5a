package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.customer.AccessScope;
import dev.fieldops.invoicing.domain.invoice.InvoiceId;
import dev.fieldops.invoicing.domain.invoice.InvoiceQueries;
import dev.fieldops.invoicing.domain.invoice.InvoiceRepository;
import dev.fieldops.kernel.CommandDecorator;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.Stamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Handles {@link MarkOverdueInvoices}. Each candidate is flagged in its own short transaction,
 * under its row lock, and {@code Invoice.markOverdue} says whether this call was the first: so each
 * invoice raises {@code InvoiceOverdue} exactly once even when ticks overlap or several instances
 * run the scheduler. A candidate paid or flagged meanwhile is skipped. A failure (the database)
 * ends the tick with the exception; what was flagged stays flagged and the next tick carries on.
 */
public final class MarkOverdueInvoicesHandler
    implements CommandHandler<MarkOverdueInvoices, MarkOverdueInvoicesHandler.Result> {

  /** The invoices this tick flagged overdue. */
  public record Result(List<InvoiceId> flagged) {
    public Result {
      flagged = List.copyOf(flagged);
    }
  }

  private final InvoiceRepository invoices;
  private final InvoiceQueries queries;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final CommandHandler<Flag, Boolean> flag;

  /** One candidate to flag: the step that is one command, one transaction, of its own. */
  private record Flag(InvoiceId id, AccessScope scope, Stamp stamp) {}

  /**
   * @param decorators wrap each invoice's flagging (its transaction), not the scan, which only
   *     reads
   */
  public MarkOverdueInvoicesHandler(
      InvoiceRepository invoices,
      InvoiceQueries queries,
      Clock clock,
      Supplier<UUID> ids,
      CommandDecorator decorators) {
    this.invoices = invoices;
    this.queries = queries;
    this.clock = clock;
    this.ids = ids;
    this.flag = decorators.decorate(this::flag);
  }

  private Boolean flag(Flag step) {
    return invoices.update(step.id(), step.scope(), invoice -> invoice.markOverdue(step.stamp()));
  }

  @Override
  public Result handle(MarkOverdueInvoices command) {
    var scope = InvoicingAccess.writeScope(command.principal());
    Stamp stamp = Stamp.of(clock.instant(), ids);
    List<InvoiceId> flagged = new ArrayList<>();
    Set<InvoiceId> seen = new HashSet<>();
    while (true) {
      List<InvoiceId> fresh =
          queries.overdueCandidates(stamp.now(), command.batchSize()).stream()
              .filter(seen::add)
              .toList();
      if (fresh.isEmpty()) {
        return new Result(flagged);
      }
      for (InvoiceId id : fresh) {
        if (flag.handle(new Flag(id, scope, stamp))) {
          flagged.add(id);
        }
      }
    }
  }
}
