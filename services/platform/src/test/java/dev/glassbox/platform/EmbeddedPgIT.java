package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPgIT {

  @TempDir Path dir;

  @Test
  void keepsItsDataBetweenStartsUnlessAskedToClean() throws Exception {
    Path data = dir.resolve("pg");
    int port = Ports.freePort();
    long t0 = System.nanoTime();
    try (ServerSocket taken = new ServerSocket(0);
        EmbeddedPg pg = EmbeddedPg.start(Ports.ANY, data, false, PortsTest.candidates(taken.getLocalPort(), port))) {
      System.out.printf("PostgreSQL started on %d in %.1f s%n", port, Platform.secondsSince(t0));
      assertEquals(port, pg.port(), "a port taken before the start was passed over");
      assertEquals("jdbc:postgresql://localhost:" + port + "/glassbox", pg.jdbcUrl());
      try (Connection c = pg.connect(); Statement s = c.createStatement()) {
        s.execute("create table kept (v text)");
        s.execute("insert into kept values ('still here')");
      }
    }
    long t1 = System.nanoTime();
    try (EmbeddedPg pg = EmbeddedPg.start(port, data, false)) {
      System.out.printf("PostgreSQL restarted on existing data in %.1f s%n", Platform.secondsSince(t1));
      try (Connection c = pg.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select v from kept")) {
        assertTrue(rs.next());
        assertEquals("still here", rs.getString(1));
      }
    }
    try (EmbeddedPg pg = EmbeddedPg.start(port, data, true);
        Connection c = pg.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from pg_tables where tablename = 'kept'")) {
      rs.next();
      assertEquals(0, rs.getInt(1), "clean start has no old tables");
      assertFalse(c.isClosed());
    }
  }

  @Test
  void refusesEveryConnectionWithoutItsGeneratedPasswordAndKeepsThatPasswordAcrossStarts() throws Exception {
    Path data = dir.resolve("pg");
    int port = Ports.freePort();
    String password;
    try (EmbeddedPg pg = EmbeddedPg.start(port, data, false)) {
      password = pg.password();
      assertEquals(data.resolveSibling("pg-password"), pg.passwordFile());
      assertEquals(password, Files.readString(pg.passwordFile()).strip());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pg.passwordFile())));
      for (String user : new String[] {"glassbox", "postgres"}) {
        assertRefused(pg.jdbcUrl(), user, null);
        assertRefused(pg.jdbcUrl(), user, "glassbox");
        assertRefused(pg.jdbcUrl(), user, password + "x");
      }
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", password)) {
        assertFalse(c.isClosed(), "the superuser has the generated password too");
      }
      try (Connection c = pg.connect(); Statement s = c.createStatement()) {
        s.execute("create table kept (v text)");
      }
    }
    try (EmbeddedPg pg = EmbeddedPg.start(port, data, false);
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), "glassbox", password);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from kept")) {
      assertEquals(password, pg.password(), "a second start reuses the password");
      assertTrue(rs.next());
      assertRefused(pg.jdbcUrl(), "postgres", null);
    }
  }

  private static void assertRefused(String url, String user, String password) {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) p.setProperty("password", password);
    assertThrows(SQLException.class, () -> DriverManager.getConnection(url, p).close(),
        user + (password == null ? " without a password" : " with password " + password) + " is refused");
  }
}
