package dev.glassbox.store;

import dev.glassbox.store.GrafanaProvisioning.Query;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Runs one expanded panel query and says what about its result a Grafana panel of that kind could not show. */
final class PanelResultCheck {

  /** A result column: its name and its JDBC type. */
  record Column(String name, int type) {
    boolean numeric() {
      return switch (type) {
        case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DOUBLE, Types.FLOAT, Types.REAL,
             Types.NUMERIC, Types.DECIMAL -> true;
        default -> false;
      };
    }

    boolean time() {
      return type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE || numeric();
    }

    boolean text() {
      return type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR || type == Types.OTHER;
    }
  }

  /** What PostgreSQL returned. */
  record Result(List<Column> columns, List<List<Object>> rows) {}

  private PanelResultCheck() {}

  static Result run(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Column> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) columns.add(new Column(md.getColumnLabel(i), md.getColumnType(i)));
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) row.add(rs.getObject(i));
        rows.add(row);
      }
      return new Result(columns, rows);
    }
  }

  /**
   * The problems of a result for the panel kind, none when the panel can show it. Every query must return
   * rows (the test data covers every panel) and every number column must hold at least one value, so a
   * misspelt JSON path (which PostgreSQL answers with nulls, not an error) is caught too.
   */
  static List<String> problems(Query q, Result r) {
    List<String> problems = new ArrayList<>();
    List<Column> cols = r.columns();
    Set<String> names = new HashSet<>();
    for (Column c : cols) if (!names.add(c.name())) problems.add("column " + c.name() + " appears twice");
    for (String f : q.requiredFields()) if (!names.contains(f)) problems.add("the panel refers to column " + f + ", which the query does not return");
    if (r.rows().isEmpty()) problems.add("no rows");
    for (int i = 0; i < cols.size(); i++) {
      int idx = i;
      if (cols.get(i).numeric() && !r.rows().isEmpty() && r.rows().stream().allMatch(row -> row.get(idx) == null)) {
        problems.add("number column " + cols.get(i).name() + " is null in every row");
      }
    }
    List<Column> numbers = cols.stream().filter(Column::numeric).filter(c -> !c.name().equals("time")).toList();
    switch (q.kind()) {
      case TIMESERIES -> {
        int time = index(cols, "time");
        if (time < 0 || !cols.get(time).time()) problems.add("a time series needs a timestamp or epoch column named time");
        if (numbers.isEmpty()) problems.add("a time series needs a number column besides time");
        if (time >= 0 && !sortedByTime(r, time)) problems.add("time series rows must be ordered by time");
      }
      case STAT, HISTOGRAM -> { if (numbers.isEmpty()) problems.add("a " + q.kind() + " panel needs a number column"); }
      case CATEGORIES -> {
        if (numbers.isEmpty()) problems.add("a bar or pie chart needs a number column");
        if (cols.stream().noneMatch(Column::text)) problems.add("a bar or pie chart needs a text column to name the bars");
      }
      case TABLE -> { if (cols.isEmpty()) problems.add("a table needs columns"); }
      case ANNOTATION -> {
        int time = index(cols, "time");
        if (time < 0 || !cols.get(time).time()) problems.add("an annotation needs a column named time");
        if (index(cols, "text") < 0) problems.add("an annotation needs a column named text");
      }
      case VARIABLE -> {
        if (cols.size() != 1 && !(names.contains("__text") && names.contains("__value"))) {
          problems.add("a variable query returns one column (or __text and __value)");
        }
        for (List<Object> row : r.rows()) if (row.get(0) == null) problems.add("a variable value is null");
      }
      case ALERT -> {
        if (numbers.isEmpty()) problems.add("an alert query needs a number column");
        if (numbers.size() > 1) problems.add("an alert query may return only one number column; Grafana would not know which to compare");
        // Text columns become the alert instance's labels: two rows with the same labels are rejected.
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) if (!cols.get(i).numeric()) labels.add(i);
        Set<List<Object>> seen = new HashSet<>();
        for (List<Object> row : r.rows()) {
          List<Object> key = labels.stream().map(row::get).toList();
          if (!seen.add(key)) problems.add("two rows carry the same labels " + key);
        }
      }
    }
    return problems;
  }

  private static int index(List<Column> cols, String name) {
    for (int i = 0; i < cols.size(); i++) if (cols.get(i).name().equals(name)) return i;
    return -1;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean sortedByTime(Result r, int time) {
    Comparable previous = null;
    for (List<Object> row : r.rows()) {
      Object v = row.get(time);
      Comparable current = v instanceof Number n ? (Comparable) Double.valueOf(n.doubleValue()) : (Comparable) v;
      if (previous != null && current != null && previous.getClass() == current.getClass() && previous.compareTo(current) > 0) {
        return false;
      }
      if (current != null) previous = current;
    }
    return true;
  }
}
