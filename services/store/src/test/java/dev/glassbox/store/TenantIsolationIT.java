package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row-level security against a real PostgreSQL: a tenant's login role reads its own rows in every table and none of
 * another tenant's, writes nothing; Grafana's reader and the store's writer see every row.
 */
class TenantIsolationIT {

  private static final List<String> TABLES = List.of("calls", "explanations", "explanation_sentences",
      "explanation_tokens", "drift_reports");
  private static final String ACME_ROLE = "acme_dashboards";
  private static final String ACME_PASSWORD = "acme-password-1";
  private static final String GLOBEX_ROLE = "glassbox_tenant_globex";
  private static final String GLOBEX_PASSWORD = "globex-password-1";

  private static MigratedDatabase db;
  /** Rows per table and tenant, counted as the writer (which sees everything). */
  private static final Map<String, Map<String, Integer>> ROWS = new LinkedHashMap<>();

  @BeforeAll
  static void storeRowsOfTwoTenants() throws Exception {
    db = MigratedDatabase.start();
    new ExplanationRepository(db.writer()).writeExplanations(List.of(
        Explanations.full("acme-1", "2026-11-28T12:00:00Z", "acme"),
        Explanations.full("acme-2", "2026-11-28T12:01:00Z", "acme"),
        Explanations.full("globex-1", "2026-11-28T12:02:00Z", "globex")));
    List<DriftRow> drift = new ArrayList<>();
    for (String tenant : List.of("acme", "globex", "globex")) {
      drift.add(DriftRow.of(("{\"app\":\"bot\",\"model\":\"m\",\"tenant\":\"" + tenant + "\",\"window_start\":\""
          + "2026-11-28T1" + drift.size() + ":00:00Z\",\"window_end\":\"2026-11-28T1" + drift.size()
          + ":59:00Z\",\"calls\":100,\"drifted\":false}").getBytes(StandardCharsets.UTF_8)));
    }
    new DriftRepository(db.writer()).write(drift);
    try (Connection owner = db.owner().getConnection(); PreparedStatement ps = owner.prepareStatement(
        "SELECT glassbox_create_tenant_role(?, ?, ?)")) {
      for (String[] r : List.of(new String[] {ACME_ROLE, ACME_PASSWORD, "acme"},
          new String[] {GLOBEX_ROLE, GLOBEX_PASSWORD, "globex"})) {
        ps.setString(1, r[0]);
        ps.setString(2, r[1]);
        ps.setString(3, r[2]);
        ps.execute();
      }
    }
    try (Connection writer = db.writer().getConnection()) {
      for (String table : TABLES) {
        Map<String, Integer> byTenant = new LinkedHashMap<>();
        for (String tenant : List.of("acme", "globex")) byTenant.put(tenant, count(writer, table, tenant));
        ROWS.put(table, byTenant);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) db.close();
  }

  /** Rows of {@code table} that belong to {@code tenant} (sentences and tokens through their explanation's tenant). */
  private static int count(Connection c, String table, String tenant) throws SQLException {
    String where = table.startsWith("explanation_")
        ? " WHERE call_id IN ('acme-1', 'acme-2', 'globex-1') AND call_id LIKE ? || '-%'"
        : " WHERE tenant = ?";
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + where)) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static int countAll(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void everyTableHoldsRowsOfBothTenants() {
    ROWS.forEach((table, byTenant) -> byTenant.forEach((tenant, n) ->
        assertTrue(n > 0, table + " holds no rows of " + tenant + ", so the test would prove nothing")));
  }

  @Test
  void aTenantRoleReadsItsOwnRowsInEveryTableAndNoneOfAnotherTenants() throws Exception {
    try (Connection acme = db.connect(ACME_ROLE, ACME_PASSWORD)) {
      for (String table : TABLES) {
        assertEquals(ROWS.get(table).get("acme"), countAll(acme, table), "acme's rows of " + table);
        assertEquals(0, count(acme, table, "globex"), "globex's rows of " + table + " seen by acme");
      }
    }
    try (Connection globex = db.connect(GLOBEX_ROLE, GLOBEX_PASSWORD)) {
      for (String table : TABLES) {
        assertEquals(ROWS.get(table).get("globex"), countAll(globex, table), "globex's rows of " + table);
        assertEquals(0, count(globex, table, "acme"), "acme's rows of " + table + " seen by globex");
      }
    }
  }

  @Test
  void aTenantRoleWritesNothingEvenOutsideItsReadOnlySessions() throws Exception {
    try (Connection acme = db.connect(ACME_ROLE, ACME_PASSWORD); Statement s = acme.createStatement()) {
      SQLException readOnly = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM calls"));
      assertTrue(readOnly.getMessage().contains("read-only transaction"), readOnly.getMessage());
      s.execute("SET default_transaction_read_only = off");
      for (String sql : List.of("DELETE FROM calls", "UPDATE explanations SET summary = 'x'",
          "INSERT INTO tenant_roles (role_name, tenant) VALUES ('acme_dashboards2', 'globex')",
          "UPDATE tenant_roles SET tenant = 'globex'")) {
        SQLException denied = assertThrows(SQLException.class, () -> s.executeUpdate(sql), sql);
        assertTrue(denied.getMessage().contains("permission denied"), sql + ": " + denied.getMessage());
      }
    }
  }

  /**
   * A tenant role may turn its read-only sessions off; that is harmless only while neither it nor
   * {@code glassbox_tenant} holds any write privilege on any relation, which the catalogue shows for tables made later too.
   */
  @Test
  void aTenantRoleHoldsNoWriteGrantOnAnyRelationSoLeavingReadOnlyGainsNothing() throws Exception {
    String sql = """
        SELECT r.rolname || ' ' || p.priv || ' ' || c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p(priv)
        CROSS JOIN pg_roles r
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND r.rolname IN (?, ?, 'glassbox_tenant') AND has_table_privilege(r.oid, c.oid, p.priv)""";
    List<String> grants = new ArrayList<>();
    int relations;
    try (Connection owner = db.owner().getConnection(); PreparedStatement ps = owner.prepareStatement(sql)) {
      ps.setString(1, ACME_ROLE);
      ps.setString(2, GLOBEX_ROLE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) grants.add(rs.getString(1));
      }
      relations = countAll(owner, "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
          + "current_schema() AND c.relkind = 'r'");
    }
    assertTrue(relations >= TABLES.size(), "the query looks at the schema's tables: " + relations);
    assertEquals(List.of(), grants);
  }

  @Test
  void aTenantRoleSeesOnlyItsOwnReviewedFlags() throws Exception {
    try (Connection writer = db.writer().getConnection(); PreparedStatement ps = writer.prepareStatement(
        "INSERT INTO reviewer_verdicts (tenant, call_id, reviewer, verdict) VALUES (?, ?, 'rita', 'hallucinated')")) {
      for (String[] call : List.of(new String[] {"acme", "acme-1"}, new String[] {"globex", "globex-1"})) {
        ps.setString(1, call[0]);
        ps.setString(2, call[1]);
        ps.executeUpdate();
      }
      assertEquals(2, countAll(writer, "reviewed_flags"), "the writer sees both tenants' reviewed calls");
    }
    // The view runs with the reader's rights (security_invoker), so row-level security still applies.
    try (Connection acme = db.connect(ACME_ROLE, ACME_PASSWORD); Statement s = acme.createStatement();
         ResultSet rs = s.executeQuery("SELECT tenant, call_id FROM reviewed_flags")) {
      assertTrue(rs.next());
      assertEquals("acme/acme-1", rs.getString(1) + "/" + rs.getString(2));
      assertTrue(!rs.next(), "no other tenant's row");
    }
  }

  @Test
  void aTenantRoleLearnsNoOtherTenantAndCannotEscapeItsMapping() throws Exception {
    try (Connection acme = db.connect(ACME_ROLE, ACME_PASSWORD); Statement s = acme.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT role_name, tenant FROM tenant_roles")) {
        assertTrue(rs.next());
        assertEquals(ACME_ROLE + "/acme", rs.getString(1) + "/" + rs.getString(2));
        assertTrue(!rs.next(), "only its own mapping");
      }
      SQLException history = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT count(*) FROM flyway_schema_history"));
      assertTrue(history.getMessage().contains("permission denied"), history.getMessage());
      // Switching to the group role leaves no mapping: nothing is visible.
      s.execute("SET ROLE glassbox_tenant");
      for (String table : TABLES) assertEquals(0, countAll(acme, table), table + " as the bare group role");
      SQLException notMember = assertThrows(SQLException.class, () -> s.execute("SET ROLE glassbox_writer"));
      assertTrue(notMember.getMessage().contains("permission denied"), notMember.getMessage());
    }
  }

  @Test
  void theReaderAndTheWriterSeeEveryTenantsRows() throws Exception {
    try (Connection reader = db.connect("glassbox_reader", MigratedDatabase.READER_PASSWORD);
         Connection writer = db.writer().getConnection();
         Connection owner = db.owner().getConnection()) {
      for (String table : TABLES) {
        int all = ROWS.get(table).values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(all, countAll(reader, table), "reader, " + table);
        assertEquals(all, countAll(writer, table), "writer, " + table);
        assertEquals(all, countAll(owner, table), "owner (forced row-level security), " + table);
      }
    }
  }

  @Test
  void creatingATenantRoleRefusesExistingOtherRolesReservedAndUnsafeNamesAndShortPasswords() throws Exception {
    try (Connection owner = db.owner().getConnection(); PreparedStatement ps = owner.prepareStatement(
        "SELECT glassbox_create_tenant_role(?, ?, 'evil')")) {
      owner.setAutoCommit(true);
      Map<String, String> refused = Map.of("glassbox", "not a tenant role", "glassbox_reader", "reserved",
          "x\"; DROP TABLE calls; --", "lower-case letters", "Acme", "lower-case letters");
      for (var e : refused.entrySet()) {
        ps.setString(1, e.getKey());
        ps.setString(2, "long-enough-password");
        SQLException ex = assertThrows(SQLException.class, ps::execute, e.getKey());
        assertTrue(ex.getMessage().contains(e.getValue()), e.getKey() + ": " + ex.getMessage());
      }
      ps.setString(1, "evil_tenant");
      ps.setString(2, "short");
      SQLException ex = assertThrows(SQLException.class, ps::execute);
      assertTrue(ex.getMessage().contains("at least 12"), ex.getMessage());
      assertEquals(ROWS.get("calls").get("acme") + ROWS.get("calls").get("globex"), countAll(owner, "calls"));
    }
  }

  @Test
  void creatingATenantRoleAgainMovesItsMapping() throws Exception {
    try (Connection owner = db.owner().getConnection(); Statement s = owner.createStatement()) {
      s.execute("SELECT glassbox_create_tenant_role('moving_tenant', 'first-password-1', 'acme')");
      s.execute("SELECT glassbox_create_tenant_role('moving_tenant', 'second-password-2', 'globex')");
    }
    // The embedded server trusts local connections, so passwords are not checked here; the mapping is.
    try (Connection moved = db.connect("moving_tenant", "second-password-2")) {
      assertEquals(ROWS.get("calls").get("globex"), countAll(moved, "calls"));
      assertEquals(0, count(moved, "calls", "acme"));
    }
  }
}
