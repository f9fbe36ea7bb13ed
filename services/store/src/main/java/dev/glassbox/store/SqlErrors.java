package dev.glassbox.store;

import java.sql.SQLException;

/** Sorts database failures into "the data of one record" and "the database, for now" (retry everything). */
final class SqlErrors {

  private SqlErrors() {}

  /**
   * True for SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): PostgreSQL refused a
   * value, and will refuse it again. Every other failure (connection, resources, shutdown, missing table) is
   * retried, because skipping records for those would lose data.
   */
  static boolean isRecordSpecific(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /**
   * SQLSTATE class 08 (connection exception), 57P (operator intervention: the server is shutting down, crashed or
   * cannot connect now), or no state at all (the pool could not hand out a connection).
   */
  static boolean isUnavailable(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P");
  }

  /** A one-line description without the statement text, which may hold user data. */
  static String describe(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
        .orElse("");
    if (message.length() > 200) message = message.substring(0, 200) + "...";
    return e.getSQLState() == null ? message : "SQLSTATE " + e.getSQLState() + ": " + message;
  }
}
