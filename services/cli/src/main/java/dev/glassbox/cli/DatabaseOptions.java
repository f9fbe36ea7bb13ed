package dev.glassbox.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** The store database connection options every command that reads or changes it takes (a picocli mixin). */
public final class DatabaseOptions {

  @Option(names = "--jdbc-url", required = true,
      description = "the store's database, e.g. jdbc:postgresql://localhost:5432/glassbox")
  String jdbcUrl;

  @Option(names = "--user", defaultValue = "${env:PGUSER:-glassbox}",
      description = "database user (default: $PGUSER or glassbox)")
  String user;

  @Option(names = "--password", defaultValue = "${env:PGPASSWORD}", description = "its password (default: $PGPASSWORD)")
  String password;

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }
}
