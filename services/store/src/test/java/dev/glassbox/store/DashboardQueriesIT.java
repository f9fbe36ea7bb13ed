package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.attribution.AttributionMethod;
import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.compare.Interval;
import dev.glassbox.core.compare.Proportion;
import dev.glassbox.core.compare.VersionSample;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.drift.DriftDetector;
import dev.glassbox.core.drift.Normal;
import dev.glassbox.core.drift.DriftPoint;
import dev.glassbox.core.drift.DriftReport;
import dev.glassbox.core.drift.DriftSettings;
import dev.glassbox.core.drift.OfflineDrift;
import dev.glassbox.core.drift.ReferencePolicy;
import dev.glassbox.core.drift.WindowSpec;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.json.Json;
import dev.glassbox.store.GrafanaProvisioning.Kind;
import dev.glassbox.store.GrafanaProvisioning.Query;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Grafana panel, variable, annotation and alert query Glassbox ships, run as Grafana would run it:
 * macros expanded, as the read-only role, against the store's migrated schema holding explanations written
 * by the store's own repository, and its result checked against what the panel needs.
 */
class DashboardQueriesIT {

  private static final String READER_PASSWORD = "reader-secret-1";
  private static final List<String> APPS = List.of("support-bot", "search");
  private static final List<String> MODELS = List.of("gpt-4o-mini", "claude-haiku");
  private static final List<String> TENANTS = List.of("acme", "globex");
  private static final List<String> ATTRIBUTION_METHODS = List.of("contextcite", "shapley", "leave-one-out");
  private static final int CALLS = 480;
  private static final int RECENT = 48;

  private static EmbeddedPostgres postgres;
  private static DataSource owner;
  private static Instant now;
  private static List<Explanation> explanations;
  /** The latest reviewer verdict stored per call id (true: hallucinated), for the compare dashboard's checks. */
  private static final Map<String, Boolean> verdicts = new LinkedHashMap<>();
  private static final GrafanaProvisioning grafana = GrafanaProvisioning.ofProject();

  @BeforeAll
  static void storeARealisticDay() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    owner = postgres.getPostgresDatabase();
    // The store passes GLASSBOX_READER_PASSWORD to the migration the same way (quarkus.flyway.init-sql).
    Flyway.configure().dataSource(owner).initSql("SET glassbox.reader_password = '" + READER_PASSWORD + "'")
        .load().migrate();
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    explanations = calls(CALLS);
    new ExplanationRepository(owner).writeExplanations(explanations);
    reviewSome(explanations);
    List<DriftReport> reports = driftReports(explanations);
    List<DriftRow> rows = new ArrayList<>();
    for (DriftReport r : reports) rows.add(DriftRow.of(Json.bytes(r)));
    new DriftRepository(owner).write(rows);
    storeReviewsAndAudit();
    storeVerdicts();
    assertTrue(explanations.stream().anyMatch(e -> e.hallucination().flagged()), "the data must hold flagged calls");
    assertTrue(explanations.stream().anyMatch(e -> !e.hallucination().flagged()), "and calls that are not flagged");
    assertTrue(explanations.stream().anyMatch(e -> !e.hallucination().checkable()), "and calls with nothing to check");
    assertEquals(Set.of("contextcite", "shapley", "leave-one-out"), explanations.stream()
        .filter(e -> e.attribution() != null).map(e -> e.attribution().method()).collect(Collectors.toSet()));
    assertTrue(reports.stream().anyMatch(r -> r.drifted() && isDriftedSeries(r.tenant(), r.app(), r.model())),
        "the series whose topic changes must drift: " + reports.stream().map(DashboardQueriesIT::verdict).toList());
  }

  /**
   * Reviewer verdicts on every third checkable call: the flag confirmed, except every ninth call, judged correct
   * whatever its flag; a first verdict of another reviewer stays behind each (the latest counts). Stored after the
   * auditor's reviews, so these are the latest where both reviewed a call.
   */
  private static void storeVerdicts() throws SQLException {
    try (Connection c = owner.getConnection(); var ps = c.prepareStatement(
        "INSERT INTO reviewer_verdicts (tenant, call_id, reviewer, verdict) VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < explanations.size(); i++) {
        Explanation e = explanations.get(i);
        if (i % 3 != 0 || !e.hallucination().checkable()) continue;
        boolean hallucinated = i % 9 != 0 && e.hallucination().flagged();
        for (String[] v : new String[][] {{"first", "unsure"}, {"second", hallucinated ? "hallucinated" : "correct"}}) {
          ps.setString(1, e.tenant());
          ps.setString(2, e.callId());
          ps.setString(3, v[0]);
          ps.setString(4, v[1]);
          ps.executeUpdate();
          expect(e, v[1]);
        }
      }
    }
    assertTrue(verdicts.containsValue(true) && verdicts.containsValue(false), "both verdicts are stored");
  }

  /**
   * The auditor dashboard's data: in every series a reviewer confirms a flagged call and another calls an unflagged
   * one correct (and another correct, then unsure), each verdict an audit row; an export and a retention run.
   */
  private static void storeReviewsAndAudit() throws SQLException {
    VerdictRepository repository = new VerdictRepository(owner);
    Map<String, List<Explanation>> bySeries = explanations.stream().filter(e -> e.hallucination().checkable())
        .collect(Collectors.groupingBy(e -> e.tenant() + "/" + e.app() + "/" + e.model(), LinkedHashMap::new,
            Collectors.toList()));
    int reviewed = 0;
    for (List<Explanation> series : bySeries.values()) {
      for (boolean flagged : List.of(true, false)) {
        Explanation e = series.stream().filter(x -> x.hallucination().flagged() == flagged).findFirst().orElse(null);
        if (e == null) continue;
        CallKey key = new CallKey(e.tenant(), e.callId());
        String verdict = flagged ? "hallucinated" : "correct";
        repository.add(key, flagged ? "rita" : "sam", new ReviewerVerdict(verdict, null, null));
        expect(e, verdict);
        reviewed++;
      }
      // A second unflagged call called correct, then unsure: only its newer verdict counts towards agreement.
      Explanation second = series.stream().filter(x -> !x.hallucination().flagged()).skip(1).findFirst().orElse(null);
      if (second != null) {
        CallKey key = new CallKey(second.tenant(), second.callId());
        repository.add(key, "sam", new ReviewerVerdict("correct", null, null));
        repository.add(key, "sam", new ReviewerVerdict("unsure", null, "second look"));
        expect(second, "correct");
        expect(second, "unsure");
      }
    }
    assertTrue(reviewed >= 8, "reviews in most series: " + reviewed);
    AuditTrail audit = new AuditTrail(owner);
    audit.record("ops", "export", "acme", "support-bot", Map.of("rows", 12));
    audit.record(AuditTrail.RETENTION_JOB, "retention", null, null, Map.of("deleted", 3));
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
  }

  /**
   * Four kinds of call across two apps, two models and two tenants (eight series of 60 calls): a tenth in the
   * last eight minutes, the rest over five and a half hours. Every third call gets a real attribution, by
   * ContextCite, Shapley and leave-one-out in turn; in one series the topic changes for the last two hours.
   */
  private static List<Explanation> calls(int n) {
    long spacing = (Duration.ofMinutes(330).toSeconds() - 600) / (n - RECENT);
    List<Explanation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant ts = i < RECENT ? now.minusSeconds(10L * i) : now.minusSeconds(600 + (i - RECENT) * spacing);
      String app = APPS.get(i % 2);
      String model = MODELS.get((i / 2) % 2);
      String tenant = TENANTS.get((i / 4) % 2);
      boolean topicChanged = isDriftedSeries(tenant, app, model) && ts.isAfter(now.minus(Duration.ofHours(2)));
      String json = topicChanged ? refundCallJson(i, ts, app, model, tenant) : callJson(i, ts, app, model, tenant);
      AttributionSettings attribution = i % 3 == 0
          ? AttributionSettings.DEFAULT.withMode(AttributionMode.ALL).withMethod(AttributionMethod.of(ATTRIBUTION_METHODS.get((i / 3) % 3)))
          : AttributionSettings.DEFAULT.withMode(AttributionMode.OFF);
      out.add(Explanations.explain(json, new ExplainerSettings(0.5, true, attribution)));
    }
    return out;
  }

  /**
   * Reviewers' verdicts on the checkable calls, given when the call was made: most agree with the flag, every seventh
   * disagrees, every eleventh reviewer is unsure; a later verdict on every thirteenth call overrules the first. The
   * compare and auditor data add later verdicts; {@link #expect} keeps the latest of all.
   */
  private static void reviewSome(List<Explanation> explanations) throws SQLException {
    try (Connection c = owner.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO reviewer_verdicts (tenant, call_id, reviewer, verdict, created_at) VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < explanations.size(); i++) {
        Explanation e = explanations.get(i);
        if (!e.hallucination().checkable()) continue;
        boolean agree = i % 7 != 0;
        String first = i % 13 == 0 ? "unsure" : i % 11 == 0 ? "unsure" : verdict(e.hallucination().flagged() == agree);
        addVerdict(ps, e, "first-reviewer", first, 0);
        expect(e, first);
        if (i % 13 == 0) {
          String second = verdict(e.hallucination().flagged() == agree);
          addVerdict(ps, e, "second-reviewer", second, 1);
          expect(e, second);
        }
      }
      ps.executeBatch();
    }
  }

  /**
   * Records a verdict stored for {@code e}, in the order stored: the tests expect each call's latest one (unsure: no
   * label), worked out here from what was written rather than read back from the store.
   */
  private static void expect(Explanation e, String verdict) {
    if (verdict.equals("unsure")) verdicts.remove(e.callId());
    else verdicts.put(e.callId(), verdict.equals("hallucinated"));
  }

  private static String verdict(boolean hallucinated) {
    return hallucinated ? "hallucinated" : "correct";
  }

  private static void addVerdict(PreparedStatement ps, Explanation e, String reviewer, String verdict, long after)
      throws SQLException {
    ps.setString(1, e.tenant());
    ps.setString(2, e.callId());
    ps.setString(3, reviewer);
    ps.setString(4, verdict);
    ps.setTimestamp(5, java.sql.Timestamp.from(Instant.parse(e.timestamp()).plusSeconds(after)));
    ps.addBatch();
  }

  /** The series whose prompts change topic (support-bot answering refund questions instead of Eiffel Tower ones). */
  private static boolean isDriftedSeries(String tenant, String app, String model) {
    return tenant.equals("acme") && app.equals("support-bot") && model.equals("gpt-4o-mini");
  }

  private static String callJson(int i, Instant ts, String app, String model, String tenant) {
    String question = List.of("Where is the Eiffel Tower and when was it finished?", "When was the Eiffel Tower completed?",
        "Which city is the Eiffel Tower in?").get((i / 8) % 3) + " I am visitor " + i + ".";
    // Each prompt differs (as real users' do): the drift tests count a text repeated on one side once.
    // Half of the evidence-free kind are few-shot chain-of-thought calls (issue 20): the prompting panel has rows.
    boolean prompting = (i / 8) % 4 == 3 && (i / 32) % 2 == 1;
    if (prompting) {
      question = "Q: A tower is 300 m tall with a 24 m antenna. How tall is it in all?\\nA: 324\\n\\n"
          + "Q: A mast is 320 m tall with a 4 m flag. How tall is it in all?\\nA: 324\\n\\n"
          + "Q: Visitor " + i + " climbs 2 of its 3 levels. How many are left?\\nA:";
    }
    String head = """
        "id": "c-%03d", "timestamp": "%s", "app": "%s", "model": "%s", "tenant": "%s",
        "prompt": [{"role": "user", "content": "%s"}]
        """.formatted(i, ts, app, model, tenant, question);
    if (prompting) {
      String chain = i % 3 == 0 ? "324" : "There are 3 - 2 = 1 levels left.\nAnswer: " + (i % 2 + 1);
      return "{" + head + ", \"response\": " + Json.string(chain) + "}";
    }
    String context = """
        "context": [{"id": "kb-17", "text": "The Eiffel Tower is a wrought-iron tower in Paris, completed in 1889."}]""";
    double p = 0.35 + 0.6 * ((i * 37) % 100) / 100.0; // token probabilities vary from call to call
    String logprobs = """
        "logprobs": [{"token": "The", "logprob": -0.01, "top_logprobs": [{"token": "The", "logprob": -0.01}, {"token": "It", "logprob": -4.7}]},
                     {"token": " tower", "logprob": %s, "top_logprobs": [{"token": " tower", "logprob": %s}, {"token": " Tower", "logprob": %s}]},
                     {"token": " is", "logprob": -0.02}, {"token": " in", "logprob": -0.05},
                     {"token": " Lyon", "logprob": %s}]""".formatted(
        lp(p), lp(p), lp((1 - p) * 0.9), lp(p * 0.8));
    String body = switch ((i / 8) % 4) { // every app, model and tenant gets every kind
      case 0 -> context + ", \"response\": \"The Eiffel Tower is in Paris. It was completed in 1889.\", " + logprobs;
      case 1 -> context + ", \"response\": \"The tower is in Lyon. It was finished in 1999 by Napoleon.\", " + logprobs
          + ", \"samples\": [\"It is in Paris and was completed in 1889.\", \"The Eiffel Tower stands in Paris.\"]";
      case 2 -> "\"response\": \"Bananas grow on volcanic moons. The tower is made of cheese.\", "
          + "\"samples\": [\"The Eiffel Tower is in Paris.\", \"It is a wrought-iron tower in Paris.\"]";
      default -> "\"response\": " + Json.string("The Eiffel Tower is in Paris, France. Call " + i + " was answered.");
    };
    return "{" + head + ", " + body + "}";
  }

  /** A call of the changed topic: a refund question answered from the refund policy. */
  private static String refundCallJson(int i, Instant ts, String app, String model, String tenant) {
    return """
        {"id": "c-%03d", "timestamp": "%s", "app": "%s", "model": "%s", "tenant": "%s",
         "prompt": [{"role": "user", "content": "How do I get my money back for order %d? It arrived broken."}],
         "context": [{"id": "policy-3", "text": "Refunds are paid to the original card within 14 days of the return."}],
         "response": "Return the broken item and your refund for order %d reaches your card within 14 days of the return, with free shipping labels included."}
        """.formatted(i, ts, app, model, tenant, 4100 + i, 4100 + i);
  }

  private static String lp(double prob) {
    return String.format(Locale.ROOT, "%.4f", Math.log(prob));
  }

  /**
   * Drift reports as the drift service computes them: each (tenant, app, model) series in time order through core's
   * detector, windows of ten calls against a fixed baseline of its first twenty.
   */
  private static List<DriftReport> driftReports(List<Explanation> explanations) {
    List<DriftReport> reports = new ArrayList<>();
    OfflineDrift drift = new OfflineDrift(new DriftDetector(DriftSettings.DEFAULT, List.of()), WindowSpec.byCount(10),
        ReferencePolicy.FIXED, 20, 3, reports::add);
    explanations.stream().sorted(Comparator.comparing(e -> Instant.parse(e.timestamp())))
        .forEach(e -> drift.add(new OfflineDrift.Key(e.tenant(), e.app(), e.model()), DriftPoint.of(e)));
    drift.finish();
    return reports;
  }

  private static String verdict(DriftReport r) {
    return r.tenant() + "/" + r.app() + "/" + r.model() + " " + r.windowEnd() + (r.drifted() ? " drifted" : " stable");
  }

  private static Connection reader() throws SQLException {
    return DriverManager.getConnection(postgres.getJdbcUrl("glassbox_reader", "postgres"), "glassbox_reader", READER_PASSWORD);
  }

  // The range ends after the rows were written (stored_at), however long explaining them took on a busy machine.
  private static GrafanaMacros dashboardExpander(Map<String, List<String>> selection) {
    return new GrafanaMacros(new GrafanaMacros.TimeRange(now.minus(Duration.ofHours(6)), Instant.now().plusSeconds(5),
        Duration.ofMinutes(5)), selection);
  }

  private static Map<String, List<String>> allSelected() {
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("app", APPS);
    all.put("model", MODELS);
    all.put("tenant", TENANTS);
    all.put("version_a", List.of(MODELS.get(0)));
    all.put("version_b", List.of(MODELS.get(1)));
    all.put("store_url", List.of("http://localhost:8083"));
    return all;
  }

  /** Runs a query as the reader; a PostgreSQL error is a problem like any other. */
  private static List<String> check(Query q, String sql) {
    try (Connection c = reader()) {
      return PanelResultCheck.problems(q, PanelResultCheck.run(c, sql));
    } catch (SQLException | RuntimeException e) {
      return List.of("fails: " + e.getMessage());
    }
  }

  private static List<String> checkAll(List<Query> queries, GrafanaMacros expander) {
    List<String> problems = new ArrayList<>();
    for (Query q : queries) {
      if (!q.isSql()) continue;
      String sql;
      try {
        sql = expander.expand(q.text());
      } catch (IllegalArgumentException e) {
        problems.add(q.where() + ": " + e.getMessage());
        continue;
      }
      for (String p : check(q, sql)) problems.add(q.where() + ": " + p + "\n    " + sql.replace("\n", "\n    "));
    }
    return problems;
  }

  @Test
  void everyDashboardQueryRunsAsTheReaderAndFitsItsPanel() {
    List<Query> queries = grafana.dashboardQueries();
    assertEquals(7, grafana.dashboardFiles().size(), "overview, hallucination, uncertainty, drift, attribution, compare, auditor");
    assertTrue(queries.stream().filter(Query::isSql).count() >= 40, "every SQL panel is found: " + queries.size());
    assertEquals(List.of(), checkAll(queries, dashboardExpander(allSelected())));
  }

  @Test
  void dashboardQueriesAlsoFitWithOneAppModelAndTenantSelected() {
    Map<String, List<String>> one = allSelected();
    one.put("app", List.of("support-bot"));
    one.put("model", List.of("gpt-4o-mini"));
    one.put("tenant", List.of("acme"));
    assertEquals(List.of(), checkAll(grafana.dashboardQueries(), dashboardExpander(one)));
  }

  @Test
  void everyAlertQueryRunsAsTheReaderOverItsOwnTimeRange() {
    List<Query> alerts = grafana.alertQueries();
    assertTrue(alerts.stream().filter(Query::isSql).count() >= 3, alerts.toString());
    List<String> problems = new ArrayList<>();
    for (Query q : alerts) {
      if (!q.isSql()) continue;
      assertTrue(q.relativeSeconds() > 0, q.where() + " has a relative time range");
      GrafanaMacros alertTime = new GrafanaMacros(new GrafanaMacros.TimeRange(now.minusSeconds(q.relativeSeconds()),
          Instant.now(), Duration.ofMinutes(1)), Map.of()); // alert rules have no template variables
      problems.addAll(checkAll(List.of(q), alertTime));
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theFlaggedRateAlertCountsCheckableCallsOnly() throws SQLException {
    Query alert = grafana.alertQueries().stream().filter(q -> q.isSql() && q.text().contains("flagged_rate"))
        .findFirst().orElseThrow();
    Instant from = now.minusSeconds(alert.relativeSeconds());
    String sql = new GrafanaMacros(new GrafanaMacros.TimeRange(from, Instant.now(), Duration.ofMinutes(1)), Map.of())
        .expand(alert.text());
    Map<String, double[]> expected = new LinkedHashMap<>(); // app / model -> flagged, checkable
    for (Explanation e : explanations) {
      if (Instant.parse(e.timestamp()).isBefore(from) || !e.hallucination().checkable()) continue;
      double[] n = expected.computeIfAbsent(e.app() + " / " + e.model(), k -> new double[2]);
      n[0] += e.hallucination().flagged() ? 1 : 0;
      n[1]++;
    }
    expected.values().removeIf(n -> n[1] < 10);
    assertFalse(expected.isEmpty(), "the recent calls give the alert something to compute");
    Map<String, Double> rates = new LinkedHashMap<>();
    try (Connection c = reader(); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
      while (rs.next()) rates.put(rs.getString("app") + " / " + rs.getString("model"), rs.getDouble("flagged_rate"));
    }
    assertEquals(expected.keySet(), rates.keySet());
    for (var e : expected.entrySet()) assertEquals(e.getValue()[0] / e.getValue()[1], rates.get(e.getKey()), 1e-9, e.getKey());
  }

  @Test
  void theFlagQualityPanelCountsLatestVerdictsAndGivesCoreWilsonIntervals() throws SQLException {
    Query panel = grafana.dashboardQueries().stream()
        .filter(q -> q.where().contains("'Flag quality from reviewer verdicts'")).findFirst().orElseThrow();
    Map<String, long[]> expected = new LinkedHashMap<>(); // app / model -> true positives, flagged, hallucinated
    for (int i = 0; i < explanations.size(); i++) {
      Explanation e = explanations.get(i);
      Boolean hallucinated = verdicts.get(e.callId());
      if (hallucinated == null) continue;
      long[] n = expected.computeIfAbsent(e.app() + " / " + e.model(), k -> new long[3]);
      boolean flagged = e.hallucination().flagged();
      n[0] += flagged && hallucinated ? 1 : 0;
      n[1] += flagged ? 1 : 0;
      n[2] += hallucinated ? 1 : 0;
    }
    Map<String, long[]> seen = new LinkedHashMap<>();
    try (Connection c = reader(); Statement st = c.createStatement();
         var rs = st.executeQuery(dashboardExpander(allSelected()).expand(panel.text()))) {
      while (rs.next()) {
        String key = rs.getString("app") + " / " + rs.getString("model");
        long[] n = expected.get(key);
        dev.glassbox.core.eval.Wilson precision = dev.glassbox.core.eval.Wilson.of(n[0], n[1]);
        assertEquals(n[1], rs.getLong("flagged_verdicts"), key);
        assertEquals(precision.estimate(), rs.getDouble("precision"), 1e-9, key);
        assertEquals(precision.low(), rs.getDouble("precision_low"), 1e-9, key);
        assertEquals(precision.high(), rs.getDouble("precision_high"), 1e-9, key);
        assertEquals(dev.glassbox.core.eval.Wilson.of(n[0], n[2]).low(), rs.getDouble("recall_low"), 1e-9, key);
        seen.put(key, n);
      }
    }
    assertEquals(expected.keySet(), seen.keySet());
  }

  @Test
  void aPlantedBrokenColumnOrJsonPathOrShapeFailsTheCheck() {
    Query topFlagged = grafana.dashboardQueries().stream()
        .filter(q -> q.where().contains("'Top flagged calls'")).findFirst().orElseThrow();
    GrafanaMacros expander = dashboardExpander(allSelected());
    assertEquals(List.of(), check(topFlagged, expander.expand(topFlagged.text())));

    String missingColumn = expander.expand(topFlagged.text().replace("hallucination_score,", "hallucination_scor,"));
    List<String> problems = check(topFlagged, missingColumn);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("column \"hallucination_scor\" does not exist"), problems.get(0));

    String linkedColumnGone = expander.expand(topFlagged.text().replace("SELECT call_id,", "SELECT call_id AS id,"));
    assertTrue(check(topFlagged, linkedColumnGone).contains(
        "the panel refers to column call_id, which the query does not return"));

    Query comprehensiveness = grafana.dashboardQueries().stream()
        .filter(q -> q.where().contains("'Comprehensiveness and sufficiency'")).findFirst().orElseThrow();
    String typo = expander.expand(comprehensiveness.text().replace("->>'sufficiency'", "->>'sufficency'"));
    assertEquals(List.of("number column sufficiency is null in every row"), check(comprehensiveness, typo));

    String noTime = expander.expand(comprehensiveness.text()).replace("AS \"time\"", "AS bucket");
    assertTrue(check(comprehensiveness, noTime).contains("a time series needs a timestamp or epoch column named time"));

    // A misspelt report field (adjusted_pvalue, as Jackson's snake case would write adjustedPValue) reads null.
    Query tests = grafana.dashboardQueries().stream()
        .filter(q -> q.where().contains("'Tests of the latest windows'")).findFirst().orElseThrow();
    assertEquals(List.of(), check(tests, expander.expand(tests.text())));
    String guessedName = expander.expand(tests.text().replace("->>'adjusted_p_value'", "->>'adjusted_pvalue'"));
    assertEquals(List.of("number column adjusted_p_value is null in every row"), check(tests, guessedName));
  }

  @Test
  void theDriftEventAnnotationNamesTheRejectedTestsAndAnExamplePrompt() throws SQLException {
    Query events = grafana.dashboardQueries().stream()
        .filter(q -> q.where().equals("drift.json annotation 'Drift events'")).findFirst().orElseThrow();
    Map<String, List<String>> one = allSelected();
    one.put("app", List.of("support-bot"));
    one.put("model", List.of("gpt-4o-mini"));
    one.put("tenant", List.of("acme"));
    PanelResultCheck.Result r;
    try (Connection c = reader()) {
      r = PanelResultCheck.run(c, dashboardExpander(one).expand(events.text()));
    }
    int text = r.columns().stream().map(PanelResultCheck.Column::name).toList().indexOf("text");
    assertFalse(r.rows().isEmpty(), "the changed series has drift events");
    for (List<Object> row : r.rows()) {
      String t = (String) row.get(text);
      assertTrue(t.startsWith("acme / support-bot / gpt-4o-mini drifted over 10 calls against a fixed reference of 20 calls"), t);
      assertTrue(t.contains("mmd_prompt (adjusted p "), t);
      assertTrue(t.contains("e.g. \"How do I get my money back"), t);
    }
  }

  @Test
  void theCompareDashboardsIntervalsAreCoresWilsonAndNewcombeIntervals() throws SQLException {
    Map<String, List<String>> one = allSelected();
    one.put("app", List.of("support-bot"));
    Map<String, VersionSample.Builder> sides = new LinkedHashMap<>();
    for (String model : MODELS) sides.put(model, new VersionSample.Builder());
    for (Explanation e : explanations) {
      if (!e.app().equals("support-bot")) continue;
      boolean checkable = e.hallucination().checkable();
      sides.get(e.model()).add(checkable, e.hallucination().flagged(), null, verdicts.get(e.callId()), null, null, null);
    }
    VersionSample a = sides.get(MODELS.get(0)).build(), b = sides.get(MODELS.get(1)).build();
    double z = Normal.upperQuantile(0.025);
    Map<String, Object> rowA = comparePanelRows("'Both versions over the range (95 % Wilson intervals)'", one).get(0);
    assertEquals("a", rowA.get("side"));
    assertEquals(a.flagged().rate(), number(rowA, "flagged_rate"), 1e-9);
    assertEquals(a.flagged().wilson(z).low(), number(rowA, "flagged_low"), 1e-6);
    assertEquals(a.flagged().wilson(z).high(), number(rowA, "flagged_high"), 1e-6);
    assertEquals(a.reviewed().rate(), number(rowA, "confirmed_rate"), 1e-9);
    assertEquals(a.reviewed().wilson(z).low(), number(rowA, "confirmed_low"), 1e-6);
    Map<String, Object> difference = comparePanelRows("'Flagged rate difference b − a", one).get(0);
    Interval newcombe = Proportion.newcombe(a.flagged(), b.flagged(), z);
    assertEquals(b.flagged().rate() - a.flagged().rate(), number(difference, "difference"), 1e-9);
    assertEquals(newcombe.low(), number(difference, "difference_low"), 1e-6);
    assertEquals(newcombe.high(), number(difference, "difference_high"), 1e-6);
  }

  /** The rows of the compare dashboard's panel whose title starts as given, as column name to value. */
  private static List<Map<String, Object>> comparePanelRows(String title, Map<String, List<String>> selection)
      throws SQLException {
    Query q = grafana.dashboardQueries().stream().filter(x -> x.where().startsWith("compare.json panel " + title))
        .findFirst().orElseThrow();
    PanelResultCheck.Result r;
    try (Connection c = reader()) {
      r = PanelResultCheck.run(c, dashboardExpander(selection).expand(q.text()));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      Map<String, Object> named = new LinkedHashMap<>();
      for (int i = 0; i < row.size(); i++) named.put(r.columns().get(i).name(), row.get(i));
      rows.add(named);
    }
    return rows;
  }

  private static double number(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).doubleValue();
  }

  @Test
  void everyDatasourceUidReferencedIsProvisioned() {
    Set<String> provisioned = grafana.provisionedDatasourceUids();
    assertEquals(Set.of("glassbox-pg", "glassbox-prom"), provisioned);
    List<String> unknown = new ArrayList<>();
    for (String[] ref : grafana.referencedDatasourceUids()) {
      if (!provisioned.contains(ref[0])) unknown.add(ref[1] + " -> " + ref[0]);
    }
    assertTrue(grafana.referencedDatasourceUids().size() > 40);
    assertEquals(List.of(), unknown);
  }

  @Test
  void theReaderReadsEveryTableIncludingLaterOnesAndWritesNothing() throws Exception {
    try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE later_table (x int)");
      s.execute("INSERT INTO later_table VALUES (7)");
    }
    try (Connection c = reader(); Statement s = c.createStatement()) {
      for (String table : List.of("calls", "explanations", "explanation_sentences", "explanation_tokens",
          "drift_reports", "later_table")) {
        s.executeQuery("SELECT count(*) FROM " + table).close();
      }
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM explanations"));
      assertTrue(e.getMessage().contains("read-only transaction") || e.getMessage().contains("permission denied"),
          e.getMessage());
      c.setReadOnly(false);
      s.execute("SET default_transaction_read_only = off");
      SQLException denied = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM explanations"));
      assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
    } finally {
      try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE later_table");
      }
    }
    try (Connection c = owner.getConnection(); Statement s = c.createStatement();
         var rs = s.executeQuery("SELECT rolcanlogin, rolpassword IS NOT NULL, rolsuper FROM pg_authid "
             + "WHERE rolname = 'glassbox_reader'")) {
      assertTrue(rs.next());
      assertTrue(rs.getBoolean(1) && rs.getBoolean(2));
      assertFalse(rs.getBoolean(3));
    }
  }

  @Test
  void theMetricsThePrometheusQueriesNameAreOnesTheServicesExport() {
    Set<String> exported = ServiceMetrics.prometheusNames(grafana.root);
    List<Query> prom = new ArrayList<>(grafana.dashboardQueries());
    prom.addAll(grafana.alertQueries());
    prom.removeIf(Query::isSql);
    assertTrue(prom.size() >= 8, prom.toString());
    Set<String> unknown = new TreeSet<>();
    for (Query q : prom) {
      assertTrue(q.datasourceUid().equals("glassbox-prom"), q.where());
      assertTrue(q.kind() == Kind.TIMESERIES || q.kind() == Kind.ALERT, q.where());
      assertEquals(List.of(), PromQlCheck.problems(q.text()), q.where());
      for (String name : PromQlCheck.metricNames(q.text())) if (!exported.contains(name)) unknown.add(q.where() + ": " + name);
    }
    assertEquals(Set.of(), unknown, "exported: " + exported);
    PromQlCheck.withPromtoolIfInstalled(prom);
  }
}
