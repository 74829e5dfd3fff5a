package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.test.TestDatabase;
import java.sql.Connection;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page query written with {@link PageLimit} keeps one plan per connection, where the same query
 * with the limit bound is planned again on every execution (the reason {@link PageLimit} exists).
 */
class PageLimitIT {

  private static final Table<Record> ITEM = table(name("page_item"));
  private static final Field<Integer> ID = field(name("id"), Integer.class);
  private static final Field<String> OWNER = field(name("owner"), String.class);
  private static final PageRequest PAGE = new PageRequest(50, Optional.empty());
  private static final int EXECUTIONS = 15;

  private static TestDatabase database;

  @BeforeAll
  static void items() throws Exception {
    database = TestDatabase.create();
    try (Connection connection = database.connect()) {
      DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
      dsl.execute("create table page_item (id int primary key, owner text not null)");
      dsl.execute("create index page_item_owner_idx on page_item (owner, id desc)");
      dsl.execute(
          "insert into page_item select n, 'owner-' || (n % 10) from generate_series(1, 30000) n");
      dsl.execute("analyze page_item");
    }
  }

  @AfterAll
  static void drop() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void a_page_with_the_limit_in_its_text_is_planned_once_and_then_reused() throws Exception {
    Plans plans = plansAfterRepeating(PageLimit.of(PAGE));

    assertThat(plans.generic()).as("executions on the cached generic plan").isPositive();
    assertThat(plans.custom()).as("executions planned for their values").isLessThanOrEqualTo(5);
  }

  @Test
  void the_same_page_with_a_bound_limit_is_planned_on_every_execution() throws Exception {
    Plans plans = plansAfterRepeating(DSL.val(PAGE.size() + 1)); // what PageLimit avoids

    assertThat(plans.generic()).isZero();
    assertThat(plans.custom()).isGreaterThan(5);
  }

  @Test
  void the_page_holds_one_row_more_than_its_size() throws Exception {
    try (Connection connection = database.connect()) {
      var rows = DSL.using(connection, SQLDialect.POSTGRES).fetch(page(PageLimit.of(PAGE), 3));

      assertThat(rows).hasSize(PAGE.size() + 1);
      assertThat(PageLimit.of(PAGE).isInline()).isTrue();
    }
  }

  private static Select<Record1<Integer>> page(Field<Integer> limit, int owner) {
    return DSL.select(ID)
        .from(ITEM)
        .where(OWNER.eq("owner-" + owner))
        .orderBy(ID.desc())
        .limit(limit);
  }

  /** How the server ran the query's prepared statement. */
  private record Plans(long generic, long custom) {}

  /** Runs the page query {@value #EXECUTIONS} times on one connection, each for another owner. */
  private static Plans plansAfterRepeating(Field<Integer> limit) throws Exception {
    try (Connection connection = database.connect()) {
      DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES, Database.settings());
      for (int i = 0; i < EXECUTIONS; i++) {
        assertThat(dsl.fetch(page(limit, i % 10))).hasSize(PAGE.size() + 1);
      }
      // The driver runs a statement as a named server-side statement from its fifth execution on.
      Record plans =
          dsl.fetchOne(
              "select coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
                  + " from pg_prepared_statements where statement like '%page_item%'");
      return new Plans(plans.get(0, Long.class), plans.get(1, Long.class));
    }
  }
}
