package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.audit.CallExport;
import dev.glassbox.core.call.CallKey;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keys bound to a tenant read through row-level security on the real PostgreSQL (V10, {@link TenantReads}): with the
 * session's tenant set, even queries without any tenant predicate return only that tenant's rows.
 */
class SessionTenantIT {

  /** Every table the store's API reads, each holding rows of both tenants. */
  private static final List<String> TABLES = List.of("calls", "explanations", "explanation_sentences",
      "explanation_tokens", "drift_reports", "call_tombstones", "explanation_history", "reviewer_verdicts",
      "audit_log");

  private static MigratedDatabase db;
  /** The API's reads as a key bound to acme makes them. */
  private static TenantReads acme;

  @BeforeAll
  static void storeRowsOfTwoTenantsInEveryTable() throws Exception {
    db = MigratedDatabase.start();
    ExplanationRepository writes = new ExplanationRepository(db.writer());
    for (String tenant : List.of("acme", "globex")) {
      writes.writeExplanations(List.of(Explanations.full(tenant + "-1", "2026-11-28T12:00:00Z", tenant),
          Explanations.full(tenant + "-2", "2026-11-28T12:01:00Z", tenant)));
      new VerdictRepository(db.writer()).add(new CallKey(tenant, tenant + "-1"), "rita",
          new ReviewerVerdict("hallucinated", null, null));
      writes.deleteCall(new CallKey(tenant, tenant + "-2"), "ops");
      new DriftRepository(db.writer()).write(List.of(DriftRow.of(("{\"app\":\"bot\",\"model\":\"m\",\"tenant\":\""
          + tenant + "\",\"window_start\":\"2026-11-28T10:00:00Z\",\"window_end\":\"2026-11-28T11:00:00Z\","
          + "\"calls\":100,\"drifted\":false}").getBytes(StandardCharsets.UTF_8))));
    }
    try (Connection writer = db.writer().getConnection(); Statement s = writer.createStatement()) {
      // What a re-explanation keeps: the replaced explanation of each remaining call, as history.
      s.execute("INSERT INTO explanation_history (tenant, call_id, explanation, stored_at)"
          + " SELECT tenant, call_id, explanation, stored_at FROM explanations");
    }
    acme = new TenantReads(db.writer(), db.bound(), () -> "acme");
    try (Connection writer = db.writer().getConnection()) {
      for (String table : TABLES) {
        assertEquals(List.of("acme", "globex"), tenants(writer, table), table + " holds rows of both tenants");
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) db.close();
  }

  /** The distinct tenants of a table's rows, read without any predicate. */
  private static List<String> tenants(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT DISTINCT tenant FROM " + table + " WHERE tenant IS NOT NULL")) {
      TreeSet<String> out = new TreeSet<>();
      while (rs.next()) out.add(rs.getString(1));
      return new ArrayList<>(out);
    }
  }

  @Test
  void aBoundSessionReadsOnlyItsTenantsRowsInEveryTableWithoutAnyTenantPredicate() throws Exception {
    try (Connection c = acme.getConnection()) {
      for (String table : TABLES) assertEquals(List.of("acme"), tenants(c, table), table);
    }
  }

  @Test
  void repositoryReadsThatForgetTheTenantFilterStillSeeOnlyTheBoundTenant() throws Exception {
    ExplanationRepository calls = new ExplanationRepository(db.writer(), acme);
    assertEquals(List.of("acme"), calls.findCalls(CallQuery.newest(100)).stream().map(CallSummary::tenant)
        .distinct().toList());
    assertEquals(List.of("acme"), calls.tenantsOf("acme-1", 10));
    assertEquals(List.of(), calls.tenantsOf("globex-1", 10), "another tenant's call is not there at all");
    assertTrue(calls.findExplanationJson(new CallKey("globex", "globex-1")).isEmpty());
    assertEquals(List.of(), calls.findHistory(new CallKey("globex", "globex-1"), 10));
    assertEquals(List.of("acme"), new VerdictRepository(db.writer(), acme)
        .find(new VerdictQuery(null, null, null, null, null, null, 100)).stream()
        .map(VerdictRepository.StoredVerdict::tenant).distinct().toList());
    assertEquals(List.of("acme"), new AuditTrail(db.writer(), acme)
        .find(new AuditTrail.Query(null, null, null, null, null, 100)).stream()
        .map(e -> e.tenant()).distinct().toList());
    assertEquals(List.of("acme"), new DriftRepository(db.writer(), acme).find(null, null, null, 100).stream()
        .map(DriftRow::tenant).distinct().toList());
    StoreStats stats = calls.stats(10, null);
    assertEquals(1, stats.calls(), "acme's one remaining call of the two tenants' two");
    assertEquals(List.of("acme"), stats.leastGrounded().stream().map(StoreStats.GroundingRank::tenant).distinct()
        .toList());
  }

  @Test
  void anExportWithoutATenantFilterCarriesOnlyTheBoundTenantsCalls() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Connection c = acme.getConnection()) {
      CallExport.write(c, new CallExport.Filter("support-bot", Instant.parse("2026-11-28T00:00:00Z"),
          Instant.parse("2026-11-29T00:00:00Z"), null, false, false), out, n -> { });
    }
    String lines = out.toString(StandardCharsets.UTF_8);
    assertTrue(lines.contains("\"acme-1\""), lines);
    assertTrue(!lines.contains("globex"), lines);
  }

  @Test
  void aBoundSessionWithoutATenantSeesNothingAndABoundSessionWritesNothing() throws Exception {
    try (Connection c = db.bound().getConnection()) {
      for (String table : TABLES) assertEquals(List.of(), tenants(c, table), table);
      try (Statement s = c.createStatement()) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute("INSERT INTO reviewer_verdicts (tenant,"
            + " call_id, reviewer, verdict) VALUES ('acme', 'acme-1', 'x', 'correct')"));
        assertEquals("42501", e.getSQLState(), e.getMessage());
      }
    }
  }

  @Test
  void closingABoundConnectionClearsItsTenantBeforeThePoolHandsItOn() throws Exception {
    Connection physical = db.bound().getConnection();
    try {
      TenantReads once = new TenantReads(db.writer(), (ConnectionSource) () -> pooled(physical), () -> "acme");
      once.getConnection().close();
      assertEquals(List.of(), tenants(physical, "calls"));
    } finally {
      physical.close();
    }
  }

  /** {@code c} as a pool hands it out: closing it gives it back and leaves it open. */
  private static Connection pooled(Connection c) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(c, args));
  }

  @Test
  void aTenantLoginRoleThatSetsAnotherTenantStillReadsOnlyItsOwn() throws Exception {
    try (Connection owner = db.owner().getConnection();
         PreparedStatement ps = owner.prepareStatement("SELECT glassbox_create_tenant_role(?, ?, ?)")) {
      ps.setString(1, "glassbox_tenant_acme");
      ps.setString(2, "acme-password-1");
      ps.setString(3, "acme");
      ps.execute();
    }
    try (Connection c = db.connect("glassbox_tenant_acme", "acme-password-1"); Statement s = c.createStatement()) {
      s.execute("SET glassbox.tenant = 'globex'");
      assertEquals(List.of("acme"), tenants(c, "calls"));
      SQLException e = assertThrows(SQLException.class, () -> s.execute("SET ROLE glassbox_bound"));
      assertEquals("42501", e.getSQLState(), e.getMessage());
    }
  }

  @Test
  void everyTableWithATenantColumnThatTheBoundRoleMayReadHasItsSessionTenantPolicy() throws Exception {
    try (Connection c = db.owner().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
        SELECT t.relname,
          has_table_privilege('glassbox_bound', t.oid, 'SELECT') AS readable,
          t.relrowsecurity AND t.relforcerowsecurity AS forced,
          EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = t.relname AND p.policyname = 'bound_session_tenant'
                  AND 'glassbox_bound' = ANY (p.roles)) AS policy
        FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relkind = 'r'
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'tenant')""")) {
      List<String> readable = new ArrayList<>();
      while (rs.next()) {
        if (!rs.getBoolean("readable")) continue;
        readable.add(rs.getString(1));
        assertTrue(rs.getBoolean("forced") && rs.getBoolean("policy"), rs.getString(1)
            + " is readable by glassbox_bound without forced row-level security and its bound_session_tenant policy");
      }
      assertEquals(new TreeSet<>(TABLES), new TreeSet<>(readable), Map.of("readable", readable).toString());
    }
  }
}
