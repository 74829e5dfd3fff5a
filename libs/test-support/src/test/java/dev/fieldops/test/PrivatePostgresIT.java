package dev.fieldops.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PrivatePostgresIT {

  @Test
  void a_private_cluster_keeps_its_data_across_a_crash_and_leaves_nothing_behind()
      throws Exception {
    Path directory;
    try (var postgres = PrivatePostgres.start()) {
      assertThat(postgres.port()).isNotEqualTo(5432);
      postgres.createDatabase("probe");
      try (var connection = postgres.connect("probe");
          var statement = connection.createStatement()) {
        statement.execute("create table t (v int); insert into t values (42)");
      }
      assertThat(postgres.pid()).isPositive();
      directory = postgres.directory();

      postgres.stop();
      assertThat(postgres.isRunning()).isFalse();
      assertThatThrownBy(() -> postgres.connect("probe")).isInstanceOf(SQLException.class);

      postgres.restart();
      try (var connection = postgres.connect("probe");
          var statement = connection.createStatement();
          var rows = statement.executeQuery("select v from t")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(42);
      }
    }
    assertThat(Files.exists(directory)).isFalse();
  }

  @Test
  void a_killed_cluster_leaves_no_process_behind_and_recovers_at_the_next_start() throws Exception {
    try (var postgres = PrivatePostgres.start()) {
      postgres.createDatabase("probe");
      try (var connection = postgres.connect("probe");
          var statement = connection.createStatement()) {
        statement.execute("create table t (v int); insert into t values (7)");
      }
      ProcessHandle postmaster = ProcessHandle.of(postgres.pid()).orElseThrow();
      var children = postmaster.children().toList();
      assertThat(children).isNotEmpty();

      postgres.kill();

      assertThat(postgres.isRunning()).isFalse();
      assertThat(postmaster.isAlive()).isFalse();
      assertThat(children).noneMatch(ProcessHandle::isAlive);
      postgres.restart();
      try (var connection = postgres.connect("probe");
          var statement = connection.createStatement();
          var rows = statement.executeQuery("select v from t")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(7);
      }
    }
  }
}
