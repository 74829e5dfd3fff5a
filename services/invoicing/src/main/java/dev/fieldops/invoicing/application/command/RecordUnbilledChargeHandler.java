package dev.fieldops.invoicing.application.command;

import dev.fieldops.invoicing.application.shared.InvoicingAccess;
import dev.fieldops.invoicing.domain.charge.ChargeDetails;
import dev.fieldops.invoicing.domain.charge.ChargeId;
import dev.fieldops.invoicing.domain.charge.ChargeRepository;
import dev.fieldops.invoicing.domain.charge.ChargeSnapshot;
import dev.fieldops.invoicing.domain.charge.PriceList;
import dev.fieldops.invoicing.domain.charge.UnbilledCharge;
import dev.fieldops.invoicing.domain.money.Money;
import dev.fieldops.kernel.AlreadyExistsException;
import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.Stamp;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Handles {@link RecordUnbilledCharge}, idempotently by source reference: recording the very same
 * charge again (equal details — what a redelivered event produces) returns the stored charge and
 * raises nothing; a <em>different</em> charge under a source reference already used is {@code
 * CHARGE_ALREADY_RECORDED} (ALREADY_EXISTS), because silently keeping either one would bill the
 * wrong amount.
 */
public final class RecordUnbilledChargeHandler
    implements CommandHandler<RecordUnbilledCharge, RecordUnbilledChargeHandler.Result> {

  /** The stored charge and whether this call recorded it (false: it was there already). */
  public record Result(ChargeSnapshot charge, boolean newlyRecorded) {}

  private final ChargeRepository charges;
  private final PriceList priceList;
  private final Supplier<UUID> ids;
  private final Clock clock;

  public RecordUnbilledChargeHandler(
      ChargeRepository charges, PriceList priceList, Clock clock, Supplier<UUID> ids) {
    this.charges = charges;
    this.priceList = priceList;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public Result handle(RecordUnbilledCharge command) {
    InvoicingAccess.writeScope(command.principal());
    Money unitPrice =
        command
            .unitPrice()
            .or(() -> priceList.unitPrice(command.kind(), command.supportTier()))
            .orElseThrow(
                () ->
                    InvalidInputException.of(
                        "UNIT_PRICE_REQUIRED",
                        "unit_price",
                        "required for OTHER charges and for support minutes without a support tier"));
    ChargeDetails details =
        new ChargeDetails(
            command.customerId(),
            command.kind(),
            command.description(),
            command.quantity(),
            command.unit().or(command.kind()::unit),
            unitPrice,
            command.taxRate().orElse(priceList.taxRate()),
            command.sourceReference(),
            command.occurTime());
    UnbilledCharge candidate =
        UnbilledCharge.record(new ChargeId(ids.get()), details, Stamp.of(clock.instant(), ids));
    ChargeSnapshot stored = charges.addIfAbsent(candidate);
    if (stored.id().equals(candidate.id())) {
      return new Result(stored, true);
    }
    if (candidate.sameChargeAs(stored)) {
      return new Result(stored, false);
    }
    throw new AlreadyExistsException(
        "CHARGE_ALREADY_RECORDED",
        "a different charge with this source reference is already recorded",
        Map.of(
            "charge_id", stored.id().toString(),
            "source_reference", stored.details().sourceReference().value()));
  }
}
