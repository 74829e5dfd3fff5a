package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Stamp;
import dev.fieldops.support.application.query.CustomerSupportDetailsView;
import dev.fieldops.support.application.query.CustomerSupportQueries;
import dev.fieldops.support.application.query.GetCustomerSupportDetailsHandler;
import dev.fieldops.support.application.shared.SupportAccess;
import dev.fieldops.support.application.shared.SupportAction;
import dev.fieldops.support.domain.customer.CustomerSupportDetails;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsRepository;
import dev.fieldops.support.domain.shared.ChangeContext;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Writes a support profile. Support staff only: the tier is a contract term and the notes are the
 * agents' own, so a customer may read its profile but not change it (another customer's profile is
 * not found). An etag sent for a profile that does not exist yet is stale by definition. Returns
 * the profile with its read model, read after the change.
 */
public final class UpdateCustomerSupportDetailsHandler
    implements CommandHandler<UpdateCustomerSupportDetails, CustomerSupportDetailsView> {

  private final CustomerSupportDetailsRepository customers;
  private final CustomerSupportQueries overviews;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public UpdateCustomerSupportDetailsHandler(
      CustomerSupportDetailsRepository customers,
      CustomerSupportQueries overviews,
      Clock clock,
      Supplier<UUID> ids) {
    this.customers = customers;
    this.overviews = overviews;
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * @throws NotFoundException {@code CUSTOMER_SUPPORT_DETAILS_NOT_FOUND} when the profile is
   *     missing and {@code allowMissing} is false, or it is another customer's
   * @throws ConcurrencyConflictException {@code ETAG_MISMATCH} for a stale etag
   */
  @Override
  public CustomerSupportDetailsView handle(UpdateCustomerSupportDetails command) {
    var principal = command.principal();
    var id = command.customerId();
    var scope = SupportAccess.scopeOf(principal);
    if (!scope.permits(id)) {
      throw CustomerSupportDetails.notFound(id);
    }
    SupportAccess.require(principal, SupportAction.UPDATE_CUSTOMER_SUPPORT_DETAILS);
    var context =
        new ChangeContext(SupportAccess.actorOf(principal), Stamp.of(clock.instant(), ids));
    var expected = command.expectedVersion();
    customers.update(
        id,
        scope,
        existing ->
            existing
                .map(
                    profile -> {
                      expected.requireCurrent(
                          profile.version(),
                          "customer_support_details",
                          profile.customerId().value());
                      profile.update(command.values(), command.fields(), context);
                      return profile;
                    })
                .orElseGet(
                    () -> {
                      if (!command.allowMissing()) {
                        throw CustomerSupportDetails.notFound(id);
                      }
                      if (!expected.isAny()) {
                        throw ConcurrencyConflictException.etagMismatch(
                            "customer_support_details", id.value());
                      }
                      return CustomerSupportDetails.create(
                          id, command.values(), command.fields(), context);
                    }));
    return overviews
        .findOverview(id, scope, GetCustomerSupportDetailsHandler.RECENT_TICKETS)
        .map(overview -> CustomerSupportDetailsView.of(overview, true))
        .orElseThrow(() -> CustomerSupportDetails.notFound(id));
  }
}
