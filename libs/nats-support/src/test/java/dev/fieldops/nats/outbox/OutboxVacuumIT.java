package dev.fieldops.nats.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonParser;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.test.PrivatePostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox vacuums as the queue it is (platform migration outbox V4): after a count of dead rows
 * whatever the table's size, indexes included, so that the dead entries which rows marked published
 * leave at the head of the backlog index are gone before the claims that step over them add up. On
 * a private PostgreSQL with autovacuum on and looking once a second (the shared test server runs
 * without autovacuum).
 */
class OutboxVacuumIT {

  // Enough published rows that PostgreSQL's defaults (a fifth of the table dead) would not vacuum
  // after the marks below, and that those marks sit on under 2 % of its pages (the index pass
  // skipped by default).
  private static final int PUBLISHED = 400_000;
  private static final int MARKED = 8_000;

  private static PrivatePostgres postgres;
  private static Database database;

  @BeforeAll
  static void startPostgres() throws SQLException {
    postgres = PrivatePostgres.start();
    try (Connection admin = postgres.connect("postgres");
        var statement = admin.createStatement()) {
      statement.execute("ALTER SYSTEM SET autovacuum_naptime = '1s'");
      statement.execute("SELECT pg_reload_conf()");
    }
    // The outbox's tables as a service's start migrates them.
    database =
        Database.start(
            DatabaseConfig.forUrl(postgres.createDatabase("outbox"), PrivatePostgres.USER, "")
                .withMaximumPoolSize(2),
            List.of(Outbox.MIGRATIONS));
  }

  @AfterAll
  static void stopPostgres() {
    if (database != null) {
      database.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void rows_marked_published_leave_the_backlog_index_at_the_next_autovacuum() throws SQLException {
    // Plain connections: the set-up's statements run longer than the services' statement timeout.
    try (Connection connection = postgres.connect("outbox");
        var sql = connection.createStatement()) {
      sql.execute(insertRows("old", PUBLISHED, true));
      // What a long-running outbox looks like to autovacuum: counted, all-visible, nothing dead.
      sql.execute("VACUUM (ANALYZE) outbox_event");
      long vacuumsBefore = autovacuums();
      sql.execute(insertRows("new", MARKED, false));
      // The relay's mark, in its batches; one statement here.
      sql.execute(
          "UPDATE outbox_event SET published_time = clock_timestamp(), stream_seq = seq"
              + " WHERE published_time IS NULL");
      sql.execute(insertRows("waiting", 1, false));
      assertThat(backlogHeadPages()).isGreaterThan(15);

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(autovacuums()).isGreaterThan(vacuumsBefore);
                assertThat(backlogHeadPages()).isLessThanOrEqualTo(3);
              });
    }
  }

  private static String insertRows(String prefix, int count, boolean published) {
    return "INSERT INTO outbox_event (event_id, aggregate_type, aggregate_id, aggregate_version,"
        + " subject, event_type, content_type, payload, occur_time, published_time, stream_seq)"
        + " SELECT gen_random_uuid(), 'ticket', '"
        + prefix
        + "-' || g, 1, 'support.ticket.opened', 'fieldops.support.v1.TicketOpened',"
        + " 'application/protobuf', convert_to(repeat('x', 200), 'UTF8'), now(), "
        + (published ? "now(), g" : "NULL, NULL")
        + " FROM generate_series(1, "
        + count
        + ") g";
  }

  private static long autovacuums() {
    return database
        .dsl()
        .fetchSingle(
            "SELECT autovacuum_count FROM pg_stat_user_tables WHERE relname = 'outbox_event'")
        .get(0, Long.class);
  }

  /**
   * The pages a claim reads to find the head of the backlog, after a first scan marked the dead
   * entries it met as such (what every claim after the first pays).
   */
  private static int backlogHeadPages() {
    String head =
        "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT ctid FROM outbox_event"
            + " WHERE published_time IS NULL ORDER BY seq LIMIT 100";
    database.dsl().fetch(head);
    String plan = database.dsl().fetchSingle(head).get(0, String.class);
    var top = JsonParser.parseString(plan).getAsJsonArray().get(0).getAsJsonObject();
    var scan = top.getAsJsonObject("Plan");
    return scan.get("Shared Hit Blocks").getAsInt() + scan.get("Shared Read Blocks").getAsInt();
  }
}
