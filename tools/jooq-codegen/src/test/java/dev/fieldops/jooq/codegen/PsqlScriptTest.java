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

    assertThat(script.steps()).filteredOn(Step::gexec).hasSize(6);
    assertThat(script.steps()).filteredOn(step -> step.sql().startsWith("ALTER ROLE")).hasSize(9);
  }
}
