package dev.fieldops.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.test.FreePorts;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StatementTimesTest {

  @Test
  void aStatementIsShownOnOneLineAndCutWithAnEllipsis() {
    String text = StatementTimes.oneLine("  SELECT a,\n\t b\n  FROM   t  ");

    assertThat(text).isEqualTo("SELECT a, b FROM t");
    assertThat(StatementTimes.shorten(text, 8)).isEqualTo("SELECT …").hasSize(8);
    assertThat(StatementTimes.shorten(text, 40)).isEqualTo(text);
  }

  @Test
  void aServerThatCannotBeReachedIsReportedNotThrown() throws Exception {
    int closed = FreePorts.one();
    var times = new StatementTimes("jdbc:postgresql://127.0.0.1:" + closed + "/postgres?user=x");

    assertThat(times.reset()).hasValueSatisfying(why -> assertThat(why).isNotBlank());
    assertThatThrownBy(() -> times.top(5)).isInstanceOf(SQLException.class);
  }

  @Test
  void theMeanIsPerCall() {
    var statement = new StatementTimes.Statement("db", 4, 10.0, 8, "SELECT 1");

    assertThat(statement.meanMs()).isEqualTo(2.5);
    assertThat(new StatementTimes.Statement("db", 0, 0, 0, "SELECT 1").meanMs()).isZero();
  }
}
