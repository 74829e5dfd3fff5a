package dev.fieldops.jooq;

import dev.fieldops.kernel.paging.PageRequest;
import org.jooq.Param;
import org.jooq.impl.DSL;

/**
 * The {@code LIMIT} of a page query: one row more than the page holds (the extra row says whether
 * another page follows), written into the statement as a literal, never bound.
 *
 * <p>PostgreSQL plans a prepared statement once and reuses that generic plan only while it costs no
 * more than the plans made for the actual values. A bound limit is unknown to the generic plan,
 * which assumes a tenth of the table; the plan for the actual value reads 51 rows. So a page query
 * with a bound limit is planned again on every execution: in the customer-support benchmark's
 * {@code ListTickets} the planning took 0.12 ms of the database's 0.31 ms per page ({@code
 * pg_stat_statements}). With the limit in its text the statement keeps one plan per connection.
 * Each page size is a statement of its own, which the JDBC driver's per-connection statement cache
 * bounds.
 */
public final class PageLimit {

  private PageLimit() {}

  /** {@code page.size() + 1}, as a literal of the rendered SQL. */
  public static Param<Integer> of(PageRequest page) {
    return DSL.inline(page.size() + 1);
  }
}
