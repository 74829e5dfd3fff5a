package dev.fieldops.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseConfigTest {

  @Test
  void an_empty_environment_points_at_the_local_server_with_the_platform_defaults() {
    var config = DatabaseConfig.fromEnvironment(Map.of(), "fieldops_support");

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/fieldops_support");
    assertThat(config.username()).isEqualTo("postgres");
    assertThat(config.password()).isEmpty();
    assertThat(config.maximumPoolSize())
        .isEqualTo(2 * Runtime.getRuntime().availableProcessors() + 1);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.idleInTransactionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.poolAcquireTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void for_url_uses_the_same_defaults_as_an_empty_environment() {
    var fromEnv = DatabaseConfig.fromEnvironment(Map.of(), "fieldops_support");
    var forUrl =
        DatabaseConfig.forUrl("jdbc:postgresql://127.0.0.1:5432/fieldops_support", "postgres", "");

    assertThat(forUrl).isEqualTo(fromEnv);
  }

  @Test
  void a_jdbc_url_is_taken_as_it_is() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of("DATABASE_URL", "jdbc:postgresql://db.internal:6432/billing?sslmode=require"),
            "fieldops_invoicing");

    assertThat(config.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.internal:6432/billing?sslmode=require");
  }

  @Test
  void a_multi_host_jdbc_url_of_a_primary_and_its_standby_is_taken_as_it_is() {
    String url = "jdbc:postgresql://pg-a:5432,pg-b:5432/fieldops_support?targetServerType=primary";

    var config = DatabaseConfig.fromEnvironment(Map.of("DATABASE_URL", url), "fieldops_support");

    assertThat(config.jdbcUrl()).isEqualTo(url);
  }

  @Test
  void a_postgres_url_with_several_hosts_is_refused_with_the_form_that_takes_them() {
    assertThatThrownBy(
            () ->
                DatabaseConfig.fromEnvironment(
                    Map.of(
                        "DATABASE_URL",
                        "postgres://support:hunter2@pg-a:5432,pg-b:5432/fieldops_support"),
                    "fieldops_support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DATABASE_URL")
        .hasMessageContaining("jdbc:postgresql://host1:port1,host2:port2")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void a_postgres_url_yields_a_jdbc_url_and_its_credentials() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of(
                "DATABASE_URL",
                "postgres://support:s%40cr%3At@db.internal:6432/fieldops_support?sslmode=require"),
            "ignored");

    assertThat(config.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.internal:6432/fieldops_support?sslmode=require");
    assertThat(config.username()).isEqualTo("support");
    assertThat(config.password()).isEqualTo("s@cr:t");
  }

  @Test
  void a_postgresql_url_without_port_or_database_takes_the_defaults() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of("DATABASE_URL", "postgresql://db.internal"), "fieldops_telemetry");

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/fieldops_telemetry");
    assertThat(config.username()).isEqualTo("postgres");
  }

  @Test
  void explicit_user_and_password_variables_win_over_the_url() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of(
                "DATABASE_URL", "postgres://url_user:url_pw@db.internal/fieldops_support",
                "DATABASE_USER", "support",
                "DATABASE_PASSWORD", " spaced secret "),
            "fieldops_support");

    assertThat(config.username()).isEqualTo("support");
    assertThat(config.password()).isEqualTo(" spaced secret ");
  }

  @Test
  void a_caller_may_raise_the_default_pool_size_but_the_variable_still_wins() {
    assertThat(DatabaseConfig.fromEnvironment(Map.of(), "fieldops_support", 9).maximumPoolSize())
        .isEqualTo(9);
    assertThat(
            DatabaseConfig.fromEnvironment(Map.of("DATABASE_POOL_SIZE", "3"), "fieldops_support", 9)
                .maximumPoolSize())
        .isEqualTo(3);
  }

  @Test
  void pool_size_and_timeouts_are_read_from_their_variables() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of(
                "DATABASE_POOL_SIZE", "12",
                "DATABASE_CONNECT_TIMEOUT", "3s",
                "DATABASE_SOCKET_TIMEOUT", "2m",
                "DATABASE_STATEMENT_TIMEOUT", "PT10S",
                "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT", "0",
                "DATABASE_LOCK_TIMEOUT", "750ms",
                "DATABASE_POOL_ACQUIRE_TIMEOUT", "1500ms"),
            "fieldops_support");

    assertThat(config.maximumPoolSize()).isEqualTo(12);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.socketTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.statementTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.idleInTransactionTimeout()).isZero();
    assertThat(config.lockTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.poolAcquireTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void blank_variables_count_as_unset() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of("DATABASE_URL", " ", "DATABASE_POOL_SIZE", ""), "fieldops_support");

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/fieldops_support");
    assertThat(config.maximumPoolSize()).isEqualTo(DatabaseConfig.defaultPoolSize());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DATABASE_POOL_SIZE | many",
        "DATABASE_POOL_SIZE | 0",
        "DATABASE_POOL_SIZE | -3",
        "DATABASE_STATEMENT_TIMEOUT | 5",
        "DATABASE_STATEMENT_TIMEOUT | -1s",
        "DATABASE_STATEMENT_TIMEOUT | five seconds",
        "DATABASE_LOCK_TIMEOUT | 2 weeks",
        "DATABASE_SOCKET_TIMEOUT | PT",
        "DATABASE_CONNECT_TIMEOUT | 0",
        "DATABASE_POOL_ACQUIRE_TIMEOUT | 0",
        "DATABASE_POOL_ACQUIRE_TIMEOUT | 100ms",
        "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT | 99999999999999999999h",
      })
  void an_unusable_value_fails_naming_its_variable(String variable, String value) {
    assertThatThrownBy(
            () -> DatabaseConfig.fromEnvironment(Map.of(variable, value), "fieldops_support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable);
  }

  @Test
  void a_url_of_another_kind_of_database_is_refused_by_name() {
    assertThatThrownBy(
            () ->
                DatabaseConfig.fromEnvironment(
                    Map.of("DATABASE_URL", "mysql://root:hunter2@db/support"), "fieldops_support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DATABASE_URL")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void a_malformed_url_is_refused_without_echoing_its_password() {
    assertThatThrownBy(
            () ->
                DatabaseConfig.fromEnvironment(
                    Map.of("DATABASE_URL", "postgres://support:hunter2@db host/support"),
                    "fieldops_support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DATABASE_URL")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void a_statement_timeout_not_shorter_than_the_socket_timeout_is_refused() {
    assertThatThrownBy(
            () ->
                DatabaseConfig.fromEnvironment(
                    Map.of("DATABASE_STATEMENT_TIMEOUT", "30s"), "fieldops_support"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DATABASE_SOCKET_TIMEOUT")
        .hasMessageContaining("DATABASE_STATEMENT_TIMEOUT");
  }

  @Test
  void switching_the_socket_timeout_off_allows_any_statement_timeout() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of("DATABASE_SOCKET_TIMEOUT", "0", "DATABASE_STATEMENT_TIMEOUT", "5m"),
            "fieldops_support");

    assertThat(config.socketTimeout()).isZero();
    assertThat(config.statementTimeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void the_password_never_shows_in_the_configuration_text() {
    var config = DatabaseConfig.forUrl("jdbc:postgresql://db/x", "support", "hunter2");

    assertThat(config.toString()).doesNotContain("hunter2").contains("support");
  }

  @Test
  void withers_change_only_their_own_setting() {
    var base = DatabaseConfig.forUrl("jdbc:postgresql://db/x", "support", "");
    var changed = base.withStatementTimeout(Duration.ofMillis(200)).withMaximumPoolSize(2);

    assertThat(changed.statementTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(changed.maximumPoolSize()).isEqualTo(2);
    assertThat(changed.lockTimeout()).isEqualTo(base.lockTimeout());
    assertThat(changed.jdbcUrl()).isEqualTo(base.jdbcUrl());
  }

  @Test
  void a_configuration_needs_a_postgresql_jdbc_url() {
    assertThatThrownBy(() -> DatabaseConfig.forUrl("jdbc:mysql://db/x", "support", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void without_a_migration_login_the_service_login_runs_the_migrations() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of("DATABASE_USER", "fieldops_support", "DATABASE_PASSWORD", "pw"), "x");

    assertThat(config.migrationUsername()).isEqualTo("fieldops_support");
    assertThat(config.migrationPassword()).isEqualTo("pw");
    assertThat(config.hasSeparateMigrationLogin()).isFalse();
  }

  @Test
  void the_migrations_run_as_the_owner_login_when_one_is_configured() {
    var config =
        DatabaseConfig.fromEnvironment(
            Map.of(
                "DATABASE_USER", "fieldops_support_app",
                "DATABASE_PASSWORD", "app-pw",
                "DATABASE_MIGRATION_USER", "fieldops_support",
                "DATABASE_MIGRATION_PASSWORD", "owner-pw"),
            "x");

    assertThat(config.username()).isEqualTo("fieldops_support_app");
    assertThat(config.password()).isEqualTo("app-pw");
    assertThat(config.migrationUsername()).isEqualTo("fieldops_support");
    assertThat(config.migrationPassword()).isEqualTo("owner-pw");
    assertThat(config.hasSeparateMigrationLogin()).isTrue();
    assertThat(config.toString()).doesNotContain("owner-pw").doesNotContain("app-pw");
    assertThat(config.withStatementTimeout(Duration.ofSeconds(1)).migrationUsername())
        .isEqualTo("fieldops_support");
  }

  @Test
  void a_migration_password_without_its_login_is_refused() {
    assertThatThrownBy(
            () ->
                DatabaseConfig.fromEnvironment(
                    Map.of("DATABASE_MIGRATION_PASSWORD", "owner-pw"), "x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("DATABASE_MIGRATION_USER: not set;")
        .hasMessageNotContaining("owner-pw");
  }

  @Test
  void passwords_and_the_url_may_come_from_files(@TempDir Path secrets) throws Exception {
    Path url =
        Files.writeString(
            secrets.resolve("url"), "postgres://svc:from-url@db:5432/fieldops_support\n");
    Path password = Files.writeString(secrets.resolve("password"), "app secret\n");
    Path ownerPassword = Files.writeString(secrets.resolve("owner"), "owner secret");

    var config =
        DatabaseConfig.fromEnvironment(
            Map.of(
                "DATABASE_URL_FILE", url.toString(),
                "DATABASE_PASSWORD_FILE", password.toString(),
                "DATABASE_MIGRATION_USER", "owner",
                "DATABASE_MIGRATION_PASSWORD_FILE", ownerPassword.toString()),
            "x");

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/fieldops_support");
    assertThat(config.username()).isEqualTo("svc");
    assertThat(config.password()).isEqualTo("app secret");
    assertThat(config.migrationPassword()).isEqualTo("owner secret");
    assertThatThrownBy(
            () ->
                DatabaseConfig.fromEnvironment(
                    Map.of(
                        "DATABASE_PASSWORD",
                        "inline",
                        "DATABASE_PASSWORD_FILE",
                        password.toString()),
                    "x"))
        .hasMessageContaining("DATABASE_PASSWORD and DATABASE_PASSWORD_FILE are both set");
  }
}
