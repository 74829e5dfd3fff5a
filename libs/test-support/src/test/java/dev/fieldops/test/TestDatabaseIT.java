package dev.fieldops.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class TestDatabaseIT {

  @Test
  void each_database_is_fresh_and_is_dropped_on_close() throws Exception {
    String name;
    String adminUrl;
    String user;
    String password;
    try (var first = TestDatabase.create();
        var second = TestDatabase.create()) {
      name = first.name();
      adminUrl = first.adminJdbcUrl();
      user = first.username();
      password = first.password();
      assertThat(first.name()).isNotEqualTo(second.name());
      try (var connection = first.connect();
          var statement = connection.createStatement()) {
        statement.execute("create table marker (id int)");
        statement.execute("insert into marker values (1)");
      }
      try (var connection = second.connect();
          var rs = connection.getMetaData().getTables(null, "public", "marker", null)) {
        assertThat(rs.next()).as("second database sees nothing of the first").isFalse();
      }
    }
    try (var admin = DriverManager.getConnection(adminUrl, user, password);
        var statement =
            admin.prepareStatement("select count(*) from pg_database where datname = ?")) {
      statement.setString(1, name);
      try (var rs = statement.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }
}
