package dev.fieldops.jooq.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.jooq.codegen.PsqlScript.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PsqlScriptTest {

  @Test
  void statements_end_at_semicolons_and_gexec_outside_quotes_and_comments() {
    var script =
        PsqlScript.parse(
            """
        -- a comment with ; and \\gexec and an apostrophe's
        SELECT 'CREATE ROLE r PASSWORD ''a;b'''
        WHERE true\\gexec
        ALTER ROLE r SET statement_timeout = '5s';
        """);

    assertThat(script.steps())
        .containsExactly(
            new Step("SELECT 'CREATE ROLE r PASSWORD ''a;b'''\nWHERE true", true),
            new Step("ALTER ROLE r SET statement_timeout = '5s'", false));
  }

  @Test
  void other_psql_commands_and_unfinished_statements_are_refused_rather_than_misread() {
    assertThatThrownBy(() -> PsqlScript.parse("\\set ON_ERROR_STOP 1\nSELECT 1;"))
        .hasMessageContaining("unsupported psql command: \\set ON_ERROR_STOP 1");
    assertThatThrownBy(() -> PsqlScript.parse("SELECT 1")).hasMessageContaining("ends without ';'");
    assertThatThrownBy(() -> PsqlScript.parse("SELECT 'open;"))
        .hasMessageContaining("unterminated");
  }

  @Test
  void the_deploy_script_reads_as_roles_databases_grants_and_timeouts() throws Exception {
    var script =
        PsqlScript.parse(Files.readString(Path.of("../../deploy/postgres/create-databases.sql")));

    assertThat(script.steps()).filteredOn(Step::gexec).hasSize(9);
    assertThat(script.steps()).filteredOn(step -> step.sql().startsWith("ALTER ROLE")).hasSize(18);
    assertThat(script.steps())
        .filteredOn(Step::connect)
        .extracting(Step::sql)
        .containsExactly("fieldops_support", "fieldops_telemetry", "fieldops_invoicing");
  }

  @Test
  void connect_switches_the_database_for_the_statements_after_it() {
    var script =
        PsqlScript.parse(
            """
        CREATE DATABASE d;
        \\connect d
        GRANT USAGE ON SCHEMA public TO r;
        \\c postgres
        SELECT 1;
        """);

    assertThat(script.steps())
        .containsExactly(
            new Step("CREATE DATABASE d", false),
            new Step("d", false, true),
            new Step("GRANT USAGE ON SCHEMA public TO r", false),
            new Step("postgres", false, true),
            new Step("SELECT 1", false));
    assertThatThrownBy(() -> PsqlScript.parse("\\connect 'x y'\n"))
        .hasMessageContaining("unsupported psql command");
  }

  @Test
  void the_admin_url_points_at_another_database_with_its_parameters() {
    assertThat(
            LocalPostgres.inDatabase(
                "jdbc:postgresql://db:5432/postgres?sslmode=verify-full", "fieldops_support"))
        .isEqualTo("jdbc:postgresql://db:5432/fieldops_support?sslmode=verify-full");
    assertThat(LocalPostgres.inDatabase("jdbc:postgresql://db:5432/postgres", "x"))
        .isEqualTo("jdbc:postgresql://db:5432/x");
  }
}
