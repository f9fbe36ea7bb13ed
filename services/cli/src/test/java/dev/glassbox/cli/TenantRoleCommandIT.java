package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code glassbox tenant-role} against a real PostgreSQL migrated by the store's Flyway scripts, as a non-superuser
 * owner with CREATEROLE: the role it creates reads its tenant's calls and not another's.
 */
class TenantRoleCommandIT {

  private static MigratedStore store;
  private static String url;

  @BeforeAll
  static void migrateTheStoreSchemaAndStoreTwoTenants() throws Exception {
    store = MigratedStore.start();
    url = store.url();
    try (Connection c = DriverManager.getConnection(url, "glassbox", "glassbox"); Statement s = c.createStatement()) {
      s.execute("SET ROLE glassbox_writer");
      for (String[] call : new String[][] {{"a-1", "acme"}, {"a-2", "acme"}, {"g-1", "globex"}}) {
        s.execute("INSERT INTO calls (call_id, tenant, app, model, ts) VALUES ('" + call[0] + "', '" + call[1]
            + "', 'bot', 'm', now())");
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) store.close();
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Glassbox());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private static int calls(Connection c, String where) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM calls" + where)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void creatingARoleIsAuditedAndAuditVerifyNamesTheFirstTamperedRow() throws Exception {
    for (String t : new String[] {"audit-a", "audit-b", "audit-c"}) {
      assertEquals(0, run("tenant-role", "--jdbc-url", url, "--user", "glassbox", "--password", "glassbox",
          "--tenant", t, "--role-password", "audit-secret-123").exit());
    }
    Result intact = run("audit", "verify", "--jdbc-url", url, "--user", "glassbox", "--password", "glassbox");
    assertEquals(0, intact.exit(), intact.err());
    assertTrue(intact.out().startsWith("Audit log intact"), intact.out());
    long seq;
    try (Connection c = DriverManager.getConnection(url, "glassbox", "glassbox"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT seq FROM audit_log WHERE action = 'tenant-role' AND tenant = 'audit-b'"
             + " AND actor = 'glassbox'")) {
      assertTrue(rs.next(), "the role's creation is in the log, by the user who ran the command");
      seq = rs.getLong(1);
    }
    // A DBA (a superuser bypasses grants) rewrites who created the role.
    try (Connection su = store.postgres().getDatabase("postgres", "glassbox").getConnection();
         Statement s = su.createStatement()) {
      s.execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = " + seq);
    }
    Result broken = run("audit", "verify", "--jdbc-url", url, "--user", "glassbox", "--password", "glassbox");
    assertEquals(1, broken.exit(), broken.out());
    assertTrue(broken.err().contains("BROKEN at seq " + seq + ":"), broken.err());
  }

  @Test
  void theCreatedRoleReadsItsTenantOnly() throws Exception {
    Result r = run("tenant-role", "--jdbc-url", url, "--user", "glassbox", "--password", "glassbox", "--tenant",
        "acme", "--role-password", "acme-secret-123");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Role glassbox_tenant_acme reads only tenant 'acme'"), r.out());
    assertFalse(r.out().contains("acme-secret-123"), "a given password is not echoed");
    try (Connection acme = DriverManager.getConnection(url, "glassbox_tenant_acme", "acme-secret-123")) {
      assertEquals(2, calls(acme, ""));
      assertEquals(0, calls(acme, " WHERE tenant = 'globex'"));
      SQLException e = assertThrows(SQLException.class, () -> acme.createStatement().execute("DELETE FROM calls"));
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }
  }

  @Test
  void aChosenRoleNameGetsAGeneratedPasswordPrintedOnce() throws Exception {
    Result r = run("tenant-role", "--jdbc-url", url, "--user", "glassbox", "--password", "glassbox", "--tenant",
        "Globex Corp", "--role", "globex_grafana");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().matches("(?s).*Password \\(shown once\\): [0-9a-f]{36}\\n.*"), r.out());
    try (Connection g = DriverManager.getConnection(url, "globex_grafana", "unused-here")) {
      assertEquals(0, calls(g, ""), "tenant 'Globex Corp' has no calls; 'globex' is another tenant");
    }
    assertEquals("glassbox_tenant_globex_corp", TenantRoleCommand.defaultRoleName("Globex Corp"));
  }

  @Test
  void refusalsAreOneLineSayingWhatToChange() {
    Result taken = run("tenant-role", "--jdbc-url", url, "--user", "glassbox", "--password", "glassbox", "--tenant",
        "acme", "--role", "glassbox", "--role-password", "long-enough-pw");
    assertEquals(1, taken.exit());
    assertTrue(taken.err().contains("role glassbox exists and is not a tenant role"), taken.err());
    Result shortPassword = run("tenant-role", "--jdbc-url", url, "--user", "glassbox", "--password", "glassbox",
        "--tenant", "acme", "--role-password", "short");
    assertEquals(1, shortPassword.exit());
    assertTrue(shortPassword.err().contains("at least 12 characters"), shortPassword.err());
    Result noSchema = run("tenant-role", "--jdbc-url", store.postgres().getJdbcUrl("postgres", "postgres"), "--user",
        "postgres", "--password", "x", "--tenant", "acme");
    assertEquals(1, noSchema.exit());
    assertTrue(noSchema.err().contains("start the store once"), noSchema.err());
    assertFalse(taken.err().contains("\tat "), "no stack trace");
  }
}
