package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expander against the strings Grafana's PostgreSQL plugin produces (read off macros.go by hand). */
class GrafanaMacrosTest {

  private final GrafanaMacros grafana = new GrafanaMacros(
      new GrafanaMacros.TimeRange(Instant.parse("2026-11-28T06:00:00Z"), Instant.parse("2026-11-28T12:00:00.250Z"),
          Duration.ofMinutes(5)),
      Map.of("app", List.of("support-bot", "o'brien"), "model", List.of("m-1")));

  @Test
  void timeFilterIsABetweenOfRfc3339Instants() {
    assertEquals("ts BETWEEN '2026-11-28T06:00:00Z' AND '2026-11-28T12:00:00.25Z'",
        grafana.expand("$__timeFilter(ts)"));
    assertEquals("'2026-11-28T06:00:00Z' < '2026-11-28T12:00:00.25Z'", grafana.expand("$__timeFrom() < $__timeTo()"));
  }

  @Test
  void timeGroupAliasBucketsByTheIntervalInSeconds() {
    assertEquals("SELECT floor(extract(epoch from ts)/300)*300 AS \"time\", count(*)",
        grafana.expand("SELECT $__timeGroupAlias(ts, $__interval), count(*)"));
    assertEquals("floor(extract(epoch from e.ts)/3600)*3600", grafana.expand("$__timeGroup(e.ts, '1h')"));
    // The pre-5.3 spelling: $__timeGroup followed by a comma gets the alias too.
    assertEquals("floor(extract(epoch from ts)/60)*60 AS \"time\", 1", grafana.expand("$__timeGroup(ts,1m), 1"));
    assertEquals("floor(extract(epoch from ts)/0.5)*0.5", grafana.expand("$__timeGroup(ts, 500ms)"));
    assertEquals("floor(extract(epoch from ts)/1.2096e+06)*1.2096e+06", grafana.expand("$__timeGroup(ts, 2w)"));
  }

  @Test
  void intervalsAndEpochsAreNumbersOrGrafanaDurations() {
    assertEquals("5m 300000 1795845600 1795867200", grafana.expand("$__interval $__interval_ms $__unixEpochFrom() $__unixEpochTo()"));
  }

  @Test
  void multiValueVariablesAreQuotedAndJoinedAsForSql() {
    assertEquals("app IN ('support-bot','o''brien') AND model IN ('m-1')",
        grafana.expand("app IN ($app) AND model IN (${model})"));
    assertEquals("'support-bot','o''brien' support-bot,o'brien", grafana.expand("${app:sqlstring} [[app:raw]]"));
  }

  @Test
  void anUnknownVariableOrMacroIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> grafana.expand("tenant IN ($tenant)"));
    assertThrows(IllegalArgumentException.class, () -> grafana.expand("$__timeFilterr(ts)"));
    assertThrows(IllegalArgumentException.class, () -> grafana.expand("$__timeGroup(ts)"));
  }
}
