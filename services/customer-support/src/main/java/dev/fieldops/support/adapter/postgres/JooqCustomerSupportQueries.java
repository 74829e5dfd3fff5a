package dev.fieldops.support.adapter.postgres;

import static dev.fieldops.support.adapter.postgres.jooq.Tables.ALERT_ACTIVITY;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.CUSTOMER_SUPPORT_DETAILS;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.INVOICE_STANDING;
import static dev.fieldops.support.adapter.postgres.jooq.Tables.TICKET;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.when;

import dev.fieldops.jooq.Transactor;
import dev.fieldops.support.application.query.AccountStanding;
import dev.fieldops.support.application.query.CustomerSupportOverview;
import dev.fieldops.support.application.query.CustomerSupportQueries;
import dev.fieldops.support.application.query.TicketSummary;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketNumber;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketStatus;
import java.time.Year;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The support profile's read model in one statement: the profile row, the count of unresolved
 * tickets, the most recently updated tickets (a nested multiset), and what the projections of other
 * contexts' events say (active alerts, account standing), all from the same snapshot, each answered
 * by an index of V1 or V2.
 */
public final class JooqCustomerSupportQueries implements CustomerSupportQueries {

  private static final List<String> UNRESOLVED =
      List.of(TicketStatus.NEW.name(), TicketStatus.OPEN.name(), TicketStatus.PENDING.name());
  private static final String ACTIVE = JooqActiveAlerts.ACTIVE;
  private static final String OVERDUE = JooqInvoiceStandings.OVERDUE;

  private final DSLContext dsl;
  private final Transactor transactor;

  public JooqCustomerSupportQueries(DSLContext dsl, Transactor transactor) {
    this.dsl = dsl;
    this.transactor = transactor;
  }

  @Override
  public Optional<CustomerSupportOverview> findOverview(
      CustomerId customerId, CustomerScope scope, int recentTicketLimit) {
    if (!scope.permits(customerId)) {
      return Optional.empty();
    }
    var d = CUSTOMER_SUPPORT_DETAILS;
    var openCount =
        field(
            select(count())
                .from(TICKET)
                .where(TICKET.CUSTOMER_ID.eq(d.CUSTOMER_ID))
                .and(TICKET.STATUS.in(UNRESOLVED)));
    var recent =
        multiset(
                select(
                        TICKET.TICKET_ID,
                        TICKET.TICKET_YEAR,
                        TICKET.TICKET_SEQ,
                        TICKET.SUBJECT,
                        TICKET.PRIORITY,
                        TICKET.STATUS,
                        TICKET.CREATE_TIME,
                        TICKET.UPDATE_TIME)
                    .from(TICKET)
                    .where(TICKET.CUSTOMER_ID.eq(d.CUSTOMER_ID))
                    .orderBy(TICKET.UPDATE_TIME.desc(), TICKET.TICKET_ID.desc())
                    .limit(recentTicketLimit))
            .convertFrom(
                rows ->
                    rows.map(
                        r ->
                            new TicketSummary(
                                new TicketId(r.value1()),
                                new TicketNumber(Year.of(r.value2()), r.value3()),
                                r.value4(),
                                TicketPriority.valueOf(r.value5()),
                                TicketStatus.valueOf(r.value6()),
                                r.value7().toInstant(),
                                r.value8().toInstant())));
    var activeAlerts =
        field(
            select(count())
                .from(ALERT_ACTIVITY)
                .where(ALERT_ACTIVITY.CUSTOMER_ID.eq(d.CUSTOMER_ID))
                .and(ALERT_ACTIVITY.STATE.eq(ACTIVE)));
    var standing =
        when(
                exists(
                    select(inline(1))
                        .from(INVOICE_STANDING)
                        .where(INVOICE_STANDING.CUSTOMER_ID.eq(d.CUSTOMER_ID))
                        .and(INVOICE_STANDING.STATE.eq(OVERDUE))),
                inline(AccountStanding.OVERDUE.name()))
            .when(
                exists(
                    select(inline(1))
                        .from(INVOICE_STANDING)
                        .where(INVOICE_STANDING.CUSTOMER_ID.eq(d.CUSTOMER_ID))),
                inline(AccountStanding.GOOD.name()))
            .otherwise(inline(AccountStanding.UNKNOWN.name()));
    return transactor
        .current()
        .orElse(dsl)
        .select(d.asterisk(), openCount, recent, activeAlerts, standing)
        .from(d)
        .where(d.CUSTOMER_ID.eq(customerId.value()))
        .fetchOptional(
            r ->
                new CustomerSupportOverview(
                    JooqCustomerSupportDetailsRepository.snapshot(r.into(d)),
                    r.get(openCount),
                    r.get(recent),
                    AccountStanding.valueOf(r.get(standing)),
                    r.get(activeAlerts)));
  }
}
