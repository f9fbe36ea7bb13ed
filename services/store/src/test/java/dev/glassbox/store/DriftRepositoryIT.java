package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drift reports against a real PostgreSQL migrated by the real Flyway scripts (V1 and V2). */
class DriftRepositoryIT {

  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;
  private static DriftRepository repository;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).load().migrate();
    repository = new DriftRepository(dataSource);
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
  }

  private static byte[] report(String app, String start, boolean drifted, int calls) {
    return ("{\"app\":\"" + app + "\",\"model\":\"m\",\"tenant\":\"acme\",\"window_start\":\"" + start
        + "\",\"window_end\":\"2026-11-28T12:59:00Z\",\"calls\":" + calls + ",\"drifted\":" + drifted
        + ",\"tests\":[{\"name\":\"mmd_prompt\",\"p_value\":0.002}],\"examples\":[\"nul \\u0000 here\"]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aReplayedReportRewritesItsRowAndTheNewestComeFirst() throws Exception {
    repository.write(List.of(DriftRow.of(report("bot", "2026-11-28T12:00:00Z", false, 100))));
    repository.write(List.of(DriftRow.of(report("bot", "2026-11-28T12:00:00Z", true, 120)),
        DriftRow.of(report("bot", "2026-11-28T11:00:00Z", false, 90)),
        DriftRow.of(report("other", "2026-11-28T12:00:00Z", false, 90))));
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), bool_or(drifted) FROM drift_reports WHERE app = 'bot'")) {
      rs.next();
      assertEquals(2, rs.getInt(1));
      assertTrue(rs.getBoolean(2));
    }
    List<DriftRow> rows = repository.find("bot", "m", null, 10);
    assertEquals(2, rows.size());
    assertEquals(120, rows.get(0).calls());
    assertEquals("acme", rows.get(0).tenant());
    assertEquals(0.002, rows.get(0).report().get("tests").get(0).get("p_value").asDouble());
    assertEquals("nul \uFFFD here", rows.get(0).report().get("examples").get(0).asText());
    assertEquals(1, repository.find(null, null, null, 1).size());
  }

  @Test
  void aRecordThatIsNotADriftReportIsRefusedWithTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DriftRow.of("{\"app\":\"a\",\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals("window_start: required text", e.getMessage());
  }
}
