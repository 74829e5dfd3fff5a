package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.domain.charge.ChargeKind;
import dev.fieldops.invoicing.domain.invoice.SourceReference;
import dev.fieldops.invoicing.domain.money.Quantity;
import dev.fieldops.invoicing.domain.money.QuantityUnit;
import dev.fieldops.kernel.CommandHandler;
import java.util.Optional;

/**
 * Handles {@link ChargeTicketResolution}: billable minutes become an unbilled SUPPORT_MINUTES
 * charge of that many {@code minute}s at the tier's list rate, recorded through {@link
 * RecordUnbilledChargeHandler} so that it is idempotent by source reference and raises {@code
 * ChargeRecorded} exactly like the admin RPC. A resolution without billable minutes bills nothing.
 */
public final class ChargeTicketResolutionHandler
    implements CommandHandler<
        ChargeTicketResolution, Optional<RecordUnbilledChargeHandler.Result>> {

  private final CommandHandler<RecordUnbilledCharge, RecordUnbilledChargeHandler.Result>
      recordCharge;

  public ChargeTicketResolutionHandler(
      CommandHandler<RecordUnbilledCharge, RecordUnbilledChargeHandler.Result> recordCharge) {
    this.recordCharge = recordCharge;
  }

  /** The recorded (or already recorded) charge; empty when there was nothing to bill. */
  @Override
  public Optional<RecordUnbilledChargeHandler.Result> handle(ChargeTicketResolution command) {
    if (command.billableMinutes() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        recordCharge.handle(
            new RecordUnbilledCharge(
                command.principal(),
                command.customerId(),
                ChargeKind.SUPPORT_MINUTES,
                "Support ticket "
                    + command.ticketNumber()
                    + ": "
                    + command.billableMinutes()
                    + " min",
                Quantity.ofWhole(command.billableMinutes()),
                Optional.of(QuantityUnit.MINUTE),
                Optional.empty(),
                Optional.of(command.supportTier()),
                Optional.empty(),
                new SourceReference(command.sourceReference()),
                command.resolveTime())));
  }
}
