package dev.glassbox.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * An embedded PostgreSQL migrated the way deployments are: by a {@code glassbox} login that owns the database and
 * has CREATEROLE but is no superuser (superusers bypass row-level security, so tests of it must not use one).
 */
final class MigratedDatabase implements AutoCloseable {

  static final String OWNER = "glassbox";
  static final String OWNER_PASSWORD = "glassbox-owner";
  static final String READER_PASSWORD = "reader-secret-1";

  private final EmbeddedPostgres postgres;

  private MigratedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static MigratedDatabase start() throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + OWNER + " LOGIN CREATEROLE PASSWORD '" + OWNER_PASSWORD + "'");
      s.execute("CREATE DATABASE glassbox OWNER " + OWNER);
    }
    MigratedDatabase db = new MigratedDatabase(pg);
    Flyway.configure().dataSource(db.url(), OWNER, OWNER_PASSWORD)
        .initSql("SET glassbox.reader_password = '" + READER_PASSWORD + "'").load().migrate();
    return db;
  }

  String url() {
    return postgres.getJdbcUrl("postgres", "glassbox").replaceFirst("\\?.*$", "");
  }

  /** A connection as the given login role. */
  Connection connect(String user, String password) throws SQLException {
    return DriverManager.getConnection(url(), user, password);
  }

  /** A superuser connection, which bypasses grants and row-level security (tests that tamper as a DBA could). */
  Connection superuser() throws SQLException {
    return postgres.getDatabase("postgres", "glassbox").getConnection();
  }

  /** Connections as the owner, unchanged: what Flyway and a DBA get. */
  DataSource owner() {
    return connections(null);
  }

  /** Connections as the store makes them: the owner's login, switched to {@code glassbox_writer}. */
  DataSource writer() {
    return connections("glassbox_writer");
  }

  /** Connections as the store makes them for keys bound to a tenant, before it sets the tenant (V10). */
  DataSource bound() {
    return connections("glassbox_bound");
  }

  @Override
  public void close() throws Exception {
    postgres.close();
  }

  /** Owner connections, each switched to a role first when one is given. */
  private ConnectionSource connections(String role) {
    return () -> {
      Connection c = connect(OWNER, OWNER_PASSWORD);
      if (role != null) {
        try (Statement s = c.createStatement()) {
          s.execute("SET ROLE " + role);
        }
      }
      return c;
    };
  }
}
