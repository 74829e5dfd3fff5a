package dev.fieldops.jooq;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.UpdateSetMoreStep;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * SQL of a fixed shape, rendered from jOOQ queries once and then executed as one JDBC prepared
 * statement, its results read by the caller straight from JDBC.
 *
 * <p>For the hot paths only. jOOQ renders a query anew on every execution and reads every value
 * through a record; on a path that runs the same statements thousands of times a second that costs
 * more client CPU than the database's work (a quarter of a page of tickets, a fifth of a payment).
 * The queries are still written with jOOQ against the generated tables, so they follow the schema;
 * only their text is made once.
 *
 * <p>Bind values are jOOQ named parameters ({@code DSL.param("invoice_id", type)}), each given in
 * {@link #of}'s list; a name may occur in several places and several statements. Any other bind
 * value is refused when the statement is made: a constant goes in as {@code DSL.inline(...)}.
 *
 * <p>Several statements run in one round trip (pgjdbc sends them in one batch with one sync) and
 * return one result each, in order. In a READ COMMITTED transaction each takes its own snapshot
 * when it starts: statements after a {@code SELECT ... FOR UPDATE} see everything committed before
 * the lock was granted.
 */
public final class FixedStatement {

  /** Reads a statement's results; runs while the statement is open. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Results results) throws SQLException;
  }

  /** The results of the statements, in their order. */
  public interface Results {
    /**
     * The next statement's rows, skipping statements that return none ({@code SET}, {@code UPDATE}
     * without {@code RETURNING}).
     *
     * @throws IllegalStateException if no statement is left
     */
    ResultSet next() throws SQLException;
  }

  // The prefix jOOQ renders before a parameter's name: a character no rendered SQL holds
  // otherwise (identifiers are quoted, literals escaped, and no statement here writes it).
  private static final char MARK = '\u0001';
  private static final Pattern PARAMETER = Pattern.compile(MARK + "([A-Za-z0-9_]+)");

  private final String sql;
  private final List<String> parameters;
  // For each '?' of sql in order, the index of its value in parameters.
  private final int[] bindings;

  private FixedStatement(String sql, List<String> parameters, int[] bindings) {
    this.sql = sql;
    this.parameters = parameters;
    this.bindings = bindings;
  }

  /**
   * Renders {@code statements} (PostgreSQL, FieldOps' settings), joined into one text.
   *
   * @param parameters the names of the queries' named parameters, in the order {@link #query} takes
   *     their values; each must occur in the queries
   * @throws IllegalArgumentException if a query holds a bind value that is not a named parameter of
   *     {@code parameters}, or a parameter occurs in none
   */
  public static FixedStatement of(List<String> parameters, Query... statements) {
    Objects.requireNonNull(parameters, "parameters");
    if (statements.length == 0) {
      throw new IllegalArgumentException("no statement");
    }
    if (new HashSet<>(parameters).size() != parameters.size()) {
      throw new IllegalArgumentException("a parameter is named twice: " + parameters);
    }
    DSLContext renderer =
        DSL.using(
            SQLDialect.POSTGRES,
            Database.settings().withRenderNamedParamPrefix(String.valueOf(MARK)));
    var text = new StringBuilder();
    var bound = new ArrayList<Integer>();
    Set<String> used = new HashSet<>();
    for (Query statement : statements) {
      if (!text.isEmpty()) {
        text.append(";\n");
      }
      Matcher matcher = PARAMETER.matcher(renderer.renderNamedParams(statement));
      while (matcher.find()) {
        String name = matcher.group(1);
        int index = parameters.indexOf(name);
        if (index < 0) {
          throw new IllegalArgumentException(
              name.chars().allMatch(Character::isDigit)
                  ? "a bind value that is not a named parameter (use DSL.param or DSL.inline): "
                      + statement
                  : "parameter " + name + " is not among " + parameters);
        }
        used.add(name);
        bound.add(index);
        matcher.appendReplacement(text, "?");
      }
      matcher.appendTail(text);
    }
    if (used.size() != parameters.size()) {
      var unused = new ArrayList<>(parameters);
      unused.removeAll(used);
      throw new IllegalArgumentException("parameters in no statement: " + unused);
    }
    return new FixedStatement(
        text.toString(), List.copyOf(parameters), bound.stream().mapToInt(i -> i).toArray());
  }

  /**
   * {@code INSERT INTO table} of every column, each value a named parameter called as its column
   * ({@link #columnNames}): a fixed insert of whole rows, to finish with {@code ON CONFLICT} or
   * {@code RETURNING} as needed, its values {@link #valuesOf} a record of the table that set every
   * field.
   */
  public static <R extends Record> InsertValuesStepN<R> insertEveryColumn(Table<R> table) {
    Field<?>[] columns = table.fields();
    List<Field<?>> values = new ArrayList<>(columns.length);
    for (Field<?> column : columns) {
      values.add(parameterFor(column));
    }
    return DSL.insertInto(table).columns(columns).values(values);
  }

  /**
   * {@code UPDATE table SET} each of {@code columns} to a named parameter called as the column
   * ({@link #columnNames}): a fixed update of those columns, to finish with its {@code WHERE}, its
   * values {@link #valuesOf} a record that set exactly those columns.
   */
  public static <R extends Record> UpdateSetMoreStep<R> updateColumns(
      Table<R> table, List<? extends Field<?>> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no column to update");
    }
    Map<Field<?>, Field<?>> assignments = new LinkedHashMap<>();
    for (Field<?> column : columns) {
      assignments.put(column, parameterFor(column));
    }
    return DSL.update(table).set(assignments);
  }

  private static Field<?> parameterFor(Field<?> column) {
    return DSL.param(column.getName(), column.getDataType());
  }

  /**
   * The names of {@code table}'s columns in its order: the parameters of {@link
   * #insertEveryColumn}.
   */
  public static List<String> columnNames(Table<?> table) {
    return columnNames(Arrays.asList(table.fields()));
  }

  /** The names of {@code columns} in their order: the parameters of {@link #updateColumns}. */
  public static List<String> columnNames(List<? extends Field<?>> columns) {
    return columns.stream().map(Field::getName).toList();
  }

  /**
   * The values of {@code columns} in {@code record}, in their order: the values of {@link
   * #insertEveryColumn} (with every field of the record) or {@link #updateColumns}.
   *
   * @throws IllegalArgumentException if a column was never set in the record (jOOQ's insert of such
   *     a record leaves the column to its {@code DEFAULT}, its update leaves it as it is; a fixed
   *     statement would write NULL), or the record set a field that is not among {@code columns} (a
   *     change the statement would drop)
   */
  public static Object[] valuesOf(Record record, List<? extends Field<?>> columns) {
    var values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      Field<?> column = columns.get(i);
      int index = record.indexOf(column);
      if (index < 0 || !record.touched(index)) {
        throw new IllegalArgumentException(
            "column " + column.getName() + " was never set in the record");
      }
      // Value by value: Record.intoArray goes through jOOQ's record mapper, which costs more
      // than a copy.
      values[i] = record.get(index);
    }
    int touched = 0;
    for (int i = 0; i < record.size(); i++) {
      touched += record.touched(i) ? 1 : 0;
    }
    if (touched != values.length) {
      for (int i = 0; i < record.size(); i++) {
        if (record.touched(i) && !columns.contains(record.field(i))) {
          throw new IllegalArgumentException(
              "field " + record.field(i).getName() + " was set but is not among the columns");
        }
      }
    }
    return values;
  }

  /** {@link #valuesOf} every field of {@code record}: the values of {@link #insertEveryColumn}. */
  public static Object[] everyValue(Record record) {
    return valuesOf(record, Arrays.asList(record.fields()));
  }

  /** The SQL text, with a {@code ?} for each occurrence of a parameter. */
  public String sql() {
    return sql;
  }

  /**
   * Runs the statements on {@code tx}'s connection with {@code values} (in the order of {@link
   * #of}'s parameters, as pgjdbc's {@code setObject} takes them) and returns what {@code reader}
   * reads of their results. Every statement has run when {@code reader} is called, whether it reads
   * their results or not.
   *
   * @throws DataAccessException if the database refuses a statement (its {@code SQLException} is
   *     the cause, so SQLState checks and the transaction's retries work as for jOOQ's queries)
   */
  public <T> T query(DSLContext tx, Reader<T> reader, Object... values) {
    if (values.length != parameters.size()) {
      throw new IllegalArgumentException(
          "expected values of " + parameters + ", got " + values.length);
    }
    return tx.connectionResult(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < bindings.length; i++) {
              statement.setObject(i + 1, values[bindings[i]]);
            }
            return reader.read(new StatementResults(statement, statement.execute()));
          } catch (SQLException e) {
            throw new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
          }
        });
  }

  @Override
  public String toString() {
    return sql;
  }

  private static final class StatementResults implements Results {
    private final PreparedStatement statement;
    // Whether the current result is rows; null once they were handed out.
    private Boolean current;

    StatementResults(PreparedStatement statement, boolean firstIsRows) {
      this.statement = statement;
      this.current = firstIsRows;
    }

    @Override
    public ResultSet next() throws SQLException {
      boolean rows = current == null ? statement.getMoreResults() : current;
      current = null;
      while (!rows) {
        if (statement.getUpdateCount() == -1) {
          throw new IllegalStateException("no statement left to read");
        }
        rows = statement.getMoreResults();
      }
      return statement.getResultSet();
    }
  }
}
