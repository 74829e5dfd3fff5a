package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.jooq.Tables.CUSTOMER_SUPPORT_DETAILS;

import dev.fieldops.jooq.FixedStatement;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.nats.outbox.OutboxEncoder;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.support.adapter.postgres.jooq.tables.records.CustomerSupportDetailsRecord;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.customer.CustomerSupportDetails;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsRepository;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsSnapshot;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.SupportEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Support profiles in PostgreSQL. An update locks the profile row ({@code SELECT … FOR UPDATE}); a
 * creation inserts with {@code ON CONFLICT DO NOTHING}, so when two callers create the same profile
 * at once the loser finds the winner's row and runs its change again on it instead of overwriting
 * it. What other contexts report about the customer (active alerts, account standing) lives in
 * their projections' tables, never here.
 */
public final class JooqCustomerSupportDetailsRepository
    implements CustomerSupportDetailsRepository {

  // Every ticket opened reads its customer's tier: rendered once, not per ticket.
  private static final FixedStatement FIND =
      FixedStatement.of(
          List.of("customer_id"),
          DSL.selectFrom(CUSTOMER_SUPPORT_DETAILS)
              .where(
                  CUSTOMER_SUPPORT_DETAILS.CUSTOMER_ID.eq(
                      DSL.param(
                          "customer_id", CUSTOMER_SUPPORT_DETAILS.CUSTOMER_ID.getDataType()))));

  private final DSLContext dsl;
  private final Transactor transactor;
  private final OutboxWriter outbox;
  private final OutboxEncoder<SupportEvent> events;

  public JooqCustomerSupportDetailsRepository(
      DSLContext dsl,
      Transactor transactor,
      OutboxWriter outbox,
      OutboxEncoder<SupportEvent> events) {
    this.dsl = dsl;
    this.transactor = transactor;
    this.outbox = outbox;
    this.events = events;
  }

  @Override
  public Optional<CustomerSupportDetails> find(CustomerId customerId, CustomerScope scope) {
    if (!scope.permits(customerId)) {
      return Optional.empty();
    }
    var db = transactor.current().orElse(dsl);
    return FIND.query(
            db,
            results ->
                db
                    .fetch(results.next(), CUSTOMER_SUPPORT_DETAILS.fields())
                    .into(CUSTOMER_SUPPORT_DETAILS)
                    .stream()
                    .findFirst(),
            customerId.value())
        .map(r -> CustomerSupportDetails.restore(snapshot(r)));
  }

  @Override
  public CustomerSupportDetails update(
      CustomerId customerId,
      CustomerScope scope,
      Function<Optional<CustomerSupportDetails>, CustomerSupportDetails> change) {
    if (!scope.permits(customerId)) {
      throw CustomerSupportDetails.notFound(customerId);
    }
    return transactor.joined(
        tx -> {
          // Two rounds at most: the second sees the profile a concurrent creator committed.
          for (int round = 1; ; round++) {
            var before =
                tx.selectFrom(CUSTOMER_SUPPORT_DETAILS)
                    .where(CUSTOMER_SUPPORT_DETAILS.CUSTOMER_ID.eq(customerId.value()))
                    .forUpdate()
                    .fetchOptional()
                    .map(JooqCustomerSupportDetailsRepository::snapshot);
            var profile = change.apply(before.map(CustomerSupportDetails::restore));
            if (!profile.customerId().equals(customerId)) {
              throw new IllegalStateException(
                  "the change returned the profile of "
                      + profile.customerId()
                      + ", not "
                      + customerId);
            }
            var raised = profile.pullEvents();
            if (raised.isEmpty()) {
              return profile;
            }
            var record = profileColumns(profile.snapshot());
            if (before.isPresent()) {
              tx.update(CUSTOMER_SUPPORT_DETAILS)
                  .set(record)
                  .where(CUSTOMER_SUPPORT_DETAILS.CUSTOMER_ID.eq(customerId.value()))
                  .execute();
            } else {
              record.setCustomerId(customerId.value());
              int inserted =
                  tx.insertInto(CUSTOMER_SUPPORT_DETAILS)
                      .set(record)
                      .onConflictDoNothing()
                      .execute();
              if (inserted == 0) {
                if (round >= 2) {
                  throw new ConcurrencyConflictException(
                      "CONCURRENT_CREATE",
                      "the support details were created concurrently; retry",
                      Map.of("customer_id", customerId.value()));
                }
                continue;
              }
            }
            outbox.appendAll(tx, events.encodeAll(raised));
            return profile;
          }
        });
  }

  static CustomerSupportDetailsSnapshot snapshot(CustomerSupportDetailsRecord r) {
    return new CustomerSupportDetailsSnapshot(
        CustomerId.of(r.getCustomerId()),
        r.getContactName(),
        r.getEmail(),
        r.getPhone(),
        SupportTier.valueOf(r.getSupportTier()),
        r.getNotes(),
        r.getVersion(),
        TicketRows.instant(r.getCreateTime()),
        TicketRows.instant(r.getUpdateTime()));
  }

  private static CustomerSupportDetailsRecord profileColumns(CustomerSupportDetailsSnapshot p) {
    var r = new CustomerSupportDetailsRecord();
    r.setContactName(p.contactName());
    r.setEmail(p.email());
    r.setPhone(p.phone());
    r.setSupportTier(p.supportTier().name());
    r.setNotes(p.notes());
    r.setVersion(p.version());
    r.setCreateTime(TicketRows.odt(p.createTime()));
    r.setUpdateTime(TicketRows.odt(p.updateTime()));
    return r;
  }
}
