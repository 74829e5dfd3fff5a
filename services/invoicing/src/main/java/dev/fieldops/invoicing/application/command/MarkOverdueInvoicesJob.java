package dev.fieldops.invoicing.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.Principal;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick of the overdue scheduler: flags every issued, unpaid invoice whose due time has passed,
 * {@code batchSize} candidates per query, acting as {@code principal}. The wiring only schedules
 * it.
 */
public final class MarkOverdueInvoicesJob implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(MarkOverdueInvoicesJob.class);

  private final CommandHandler<MarkOverdueInvoices, MarkOverdueInvoicesHandler.Result> markOverdue;
  private final MarkOverdueInvoices command;

  public MarkOverdueInvoicesJob(
      CommandHandler<MarkOverdueInvoices, MarkOverdueInvoicesHandler.Result> markOverdue,
      Principal principal,
      int batchSize) {
    this.markOverdue = Objects.requireNonNull(markOverdue, "markOverdue");
    this.command = new MarkOverdueInvoices(principal, batchSize);
  }

  @Override
  public void run() {
    var result = markOverdue.handle(command);
    if (!result.flagged().isEmpty()) {
      LOG.atInfo().addKeyValue("flagged", result.flagged().size()).log("invoices flagged overdue");
    }
  }
}
