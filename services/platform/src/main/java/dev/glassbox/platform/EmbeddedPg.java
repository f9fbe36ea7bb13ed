package dev.glassbox.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * A PostgreSQL server from zonky's embedded binaries, with a {@code glassbox} role owning a {@code glassbox}
 * database, that checks a password on every connection. The data folder is kept between starts unless asked otherwise.
 */
public final class EmbeddedPg implements AutoCloseable {

  public static final String DATABASE = "glassbox";
  public static final String USER = "glassbox";
  /** The superuser initdb creates; it gets the same password as {@link #USER}. */
  private static final String SUPERUSER = "postgres";

  /**
   * Every connection, local socket or loopback TCP, proves a password; zonky's initdb writes {@code trust}, which would
   * let any local user in as the superuser. No other line: replication and other hosts are refused.
   */
  private static final String PG_HBA = String.join("\n",
      "# Written by Glassbox at every start (EmbeddedPg): a password for every connection.",
      "local all all scram-sha-256",
      "host all all 127.0.0.1/32 scram-sha-256",
      "host all all ::1/128 scram-sha-256",
      "");

  /** The file in the data folder that zonky locks while a server runs there. */
  private static final String ZONKY_LOCK_FILE = "epg-lock";

  private EmbeddedPostgres pg;
  private final Path dataDir;
  private final int port;
  private final String password;

  private EmbeddedPg(EmbeddedPostgres pg, Path dataDir, int port, String password) {
    this.pg = pg;
    this.dataDir = dataDir;
    this.port = port;
    this.password = password;
  }

  /** The file beside the data folder holding the generated password of the {@code glassbox} and superuser roles. */
  public static Path passwordFile(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + "-password");
  }

  /**
   * Starts PostgreSQL on {@code port} ({@link Ports#ANY}: a free port) with its data in {@code dataDir};
   * {@code clean} wipes that data first.
   */
  public static EmbeddedPg start(int port, Path dataDir, boolean clean) throws Exception {
    return start(port, dataDir, clean, Ports::freePort);
  }

  /**
   * As {@link #start(int, Path, boolean)}, taking the ports to try for {@link Ports#ANY} from {@code candidates}: the
   * port is chosen before the start because a server stopped for an outage must come back on the same port.
   */
  static EmbeddedPg start(int port, Path dataDir, boolean clean, IntSupplier candidates) throws Exception {
    if (clean) EmbeddedKafka.deleteRecursively(dataDir);
    Files.createDirectories(dataDir.getParent());
    String password = SecretFile.readOrCreate(passwordFile(dataDir));
    EmbeddedPostgres server = Ports.start(port, candidates, p -> {
      try {
        return server(p, dataDir, password);
      } catch (Exception e) {
        // zonky keeps its lock on the failed start's lock file; a new file lets the next start in this JVM lock it.
        Files.deleteIfExists(dataDir.resolve(ZONKY_LOCK_FILE));
        throw e;
      }
    });
    EmbeddedPg db = new EmbeddedPg(server, dataDir, server.getPort(), password);
    try {
      db.createDatabase();
      db.requirePasswords();
    } catch (SQLException | IOException e) {
      db.close();
      throw e;
    }
    return db;
  }

  private static EmbeddedPostgres server(int port, Path dataDir, String password) throws IOException {
    try {
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setPGStartupWait(Duration.ofSeconds(60))
          // The launcher stops it in order; a second hook would race with that.
          .setRegisterShutdownHook(false)
          .setServerConfig("max_connections", "200")
          .setServerConfig("password_encryption", "scram-sha-256")
          // zonky's own connections (its readiness check, getPostgresDatabase) log in as the superuser.
          .setConnectConfig("password", password)
          .start();
    } catch (IOException e) {
      throw new IOException("PostgreSQL did not start on port " + port + " with data in " + dataDir
          + " (port in use, or data left by another PostgreSQL version? delete the folder to start afresh): "
          + e.getMessage(), e);
    }
  }

  /** Stops the server, keeping its data, as an outage would; for fault-injection tests. */
  public synchronized void stop() {
    close();
    pg = null;
  }

  /** Starts the server again on the same port and data after {@link #stop()}. */
  public synchronized void start() throws IOException {
    pg = server(port, dataDir, password);
  }

  private void createDatabase() throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      // Set at every start: data made by a version that trusted every connection has no (or another) password.
      s.execute("alter role " + SUPERUSER + " password '" + password + "'");
      if (!exists(c, "select 1 from pg_roles where rolname = ?", USER)) {
        // CREATEROLE: the store's migrations create the read-only role dashboards log in as.
        s.execute("create role " + USER + " login createrole password '" + password + "'");
      } else {
        // CREATEROLE: data made by a version before the reader role.
        s.execute("alter role " + USER + " createrole password '" + password + "'");
      }
      if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
        s.execute("create database " + DATABASE + " owner " + USER);
      }
    }
  }

  /**
   * Replaces initdb's {@code trust} lines with {@link #PG_HBA} and has the running server read them, returning once
   * a connection without a password is refused (the server reloads them after {@code pg_reload_conf()} returns).
   */
  private void requirePasswords() throws IOException, SQLException {
    Files.writeString(dataDir.resolve("pg_hba.conf"), PG_HBA);
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("select pg_reload_conf()");
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (acceptsWithoutPassword()) {
      if (System.nanoTime() > deadline) throw new SQLException("PostgreSQL still trusts connections without password");
      Thread.onSpinWait();
    }
  }

  private boolean acceptsWithoutPassword() {
    try (Connection c = DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/postgres?user=" + SUPERUSER)) {
      return true;
    } catch (SQLException refused) {
      return false;
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
  }

  public String user() {
    return USER;
  }

  /** The generated password of the {@code glassbox} role, kept in {@link #passwordFile(Path)}. */
  public String password() {
    return password;
  }

  /** Where the password is kept, for the launcher to tell. */
  public Path passwordFile() {
    return passwordFile(dataDir);
  }

  public int port() {
    return port;
  }

  /** A new connection to the {@code glassbox} database as the {@code glassbox} role. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, password);
  }

  @Override
  public synchronized void close() {
    if (pg == null) return;
    try {
      pg.close();
    } catch (IOException e) {
      System.err.println("PostgreSQL did not stop cleanly: " + e);
    }
  }
}
