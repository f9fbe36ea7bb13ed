package dev.glassbox.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a Grafana PostgreSQL query into the SQL PostgreSQL receives: template variables as Grafana's
 * frontend interpolates them for SQL data sources, then the PostgreSQL plugin's macros as its backend
 * ({@code pkg/tsdb/grafana-postgresql-datasource/macros.go}) expands them. An unknown variable or macro is
 * an error here, where Grafana would send broken SQL.
 */
final class GrafanaMacros {

  /** A dashboard's time range and the interval Grafana derived from it. */
  record TimeRange(Instant from, Instant to, Duration interval) {}

  // The frontend's variable syntaxes: $name, [[name]] / [[name:format]], ${name} / ${name:format}.
  private static final Pattern VARIABLE =
      Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");
  // The backend's macro syntax, as in macros.go: $name(args) with no ')' inside the arguments.
  private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
  private static final Pattern GRAFANA_INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w|M|y)");
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private final TimeRange range;
  private final Map<String, List<String>> variables;

  /**
   * @param variables each dashboard variable's selected values; a variable with several values, or
   *     a multi-value one, is quoted as Grafana quotes multi-value variables for SQL
   */
  GrafanaMacros(TimeRange range, Map<String, List<String>> variables) {
    this.range = range;
    this.variables = variables;
  }

  /** The query as PostgreSQL would receive it from Grafana. */
  String expand(String query) {
    return expandMacros(interpolateVariables(query));
  }

  String interpolateVariables(String query) {
    Matcher m = VARIABLE.matcher(query);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = first(m.group(1), m.group(2), m.group(4));
      String format = m.group(3) != null ? m.group(3) : m.group(6);
      String value;
      if (name.startsWith("__")) {
        value = builtIn(name);
        if (value == null) value = m.group(); // a backend macro such as $__timeFilter: left for the backend
      } else {
        List<String> values = variables.get(name);
        if (values == null) throw new IllegalArgumentException("undefined template variable $" + name + " in: " + query);
        value = format(values, format);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String builtIn(String name) {
    return switch (name) {
      case "__interval" -> intervalText(range.interval());
      case "__interval_ms" -> Long.toString(range.interval().toMillis());
      case "__from" -> Long.toString(range.from().toEpochMilli());
      case "__to" -> Long.toString(range.to().toEpochMilli());
      case "__range_s" -> Long.toString(Duration.between(range.from(), range.to()).toSeconds());
      case "__range_ms" -> Long.toString(Duration.between(range.from(), range.to()).toMillis());
      default -> null;
    };
  }

  /** How Grafana formats a variable's values for a SQL data source ({@code SqlDatasource.interpolateVariable}). */
  private static String format(List<String> values, String format) {
    if (format == null || format.equals("sqlstring") || format.equals("singlequote")) {
      return values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
    }
    return switch (format) {
      case "raw", "csv" -> String.join(",", values);
      case "doublequote" -> values.stream().map(v -> "\"" + v.replace("\"", "\\\"") + "\"").collect(Collectors.joining(","));
      default -> throw new IllegalArgumentException("variable format not supported here: " + format);
    };
  }

  String expandMacros(String sql) {
    Matcher m = MACRO.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      // As macros.go: $__timeGroup directly followed by ',' is the pre-5.3 spelling of $__timeGroupAlias.
      if (name.equals("__timeGroup") && m.end() < sql.length() && sql.charAt(m.end()) == ',') name = "__timeGroupAlias";
      String[] args = m.group(2).split(",", -1);
      for (int i = 0; i < args.length; i++) args[i] = args[i].strip();
      m.appendReplacement(out, Matcher.quoteReplacement(macro(name, args, sql)));
    }
    m.appendTail(out);
    // Grafana's SQL engine replaces these itself too, for queries (alert rules) no frontend saw.
    return out.toString()
        .replace("$__interval_ms", Long.toString(range.interval().toMillis()))
        .replace("$__interval", intervalText(range.interval()))
        .replace("$__unixEpochFrom()", Long.toString(range.from().getEpochSecond()))
        .replace("$__unixEpochTo()", Long.toString(range.to().getEpochSecond()));
  }

  private String macro(String name, String[] args, String sql) {
    String column = args[0];
    return switch (name) {
      case "__time" -> need(column, name, sql) + " AS \"time\"";
      case "__timeEpoch" -> "extract(epoch from " + need(column, name, sql) + ") as \"time\"";
      case "__timeFilter" -> need(column, name, sql) + " BETWEEN '" + rfc3339(range.from()) + "' AND '"
          + rfc3339(range.to()) + "'";
      case "__timeFrom" -> "'" + rfc3339(range.from()) + "'";
      case "__timeTo" -> "'" + rfc3339(range.to()) + "'";
      case "__timeGroup" -> timeGroup(args, name, sql);
      case "__timeGroupAlias" -> timeGroup(args, name, sql) + " AS \"time\"";
      case "__unixEpochFilter" -> need(column, name, sql) + " >= " + range.from().getEpochSecond() + " AND "
          + column + " <= " + range.to().getEpochSecond();
      case "__unixEpochFrom" -> Long.toString(range.from().getEpochSecond());
      case "__unixEpochTo" -> Long.toString(range.to().getEpochSecond());
      case "__unixEpochGroup" -> unixEpochGroup(args, name, sql);
      case "__unixEpochGroupAlias" -> unixEpochGroup(args, name, sql) + " AS \"time\"";
      default -> throw new IllegalArgumentException("unknown macro $" + name + " in: " + sql);
    };
  }

  private String timeGroup(String[] args, String name, String sql) {
    String seconds = goFloat(groupSeconds(args, name, sql));
    return "floor(extract(epoch from " + args[0] + ")/" + seconds + ")*" + seconds;
  }

  private String unixEpochGroup(String[] args, String name, String sql) {
    String seconds = goFloat(groupSeconds(args, name, sql));
    return "floor((" + args[0] + ")/" + seconds + ")*" + seconds;
  }

  private static double groupSeconds(String[] args, String name, String sql) {
    if (args.length < 2) throw new IllegalArgumentException("macro $" + name + " needs a time column and an interval: " + sql);
    return parseInterval(args[1].replace("'", "")).toMillis() / 1000.0;
  }

  private static String need(String column, String name, String sql) {
    if (column.isEmpty()) throw new IllegalArgumentException("missing time column argument for macro $" + name + ": " + sql);
    return column;
  }

  /** Grafana's {@code gtime.ParseInterval}: a number and a unit (ms, s, m, h, d, w, M, y). */
  static Duration parseInterval(String text) {
    Matcher m = GRAFANA_INTERVAL.matcher(text.strip());
    if (!m.matches()) throw new IllegalArgumentException("error parsing interval " + text);
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      case "w" -> Duration.ofDays(7 * n);
      case "M" -> Duration.ofDays(30 * n);
      default -> Duration.ofDays(365 * n);
    };
  }

  /** How Grafana writes an interval into {@code $__interval}: 1m, 30s, 2h, 500ms. */
  static String intervalText(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }

  /** Go's time.RFC3339Nano for a UTC instant: trailing zeros of the fraction dropped, 'Z' for UTC. */
  static String rfc3339(Instant t) {
    String base = SECONDS.format(t);
    if (t.getNano() == 0) return base + "Z";
    String fraction = String.format(Locale.ROOT, "%09d", t.getNano()).replaceFirst("0+$", "");
    return base + "." + fraction + "Z";
  }

  /** Go's {@code %v} of a float64: shortest digits, exponent form from 1e+06 up and below 1e-04. */
  static String goFloat(double v) {
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (v != 0 && (exponent < -4 || exponent >= 6)) {
      String digits = d.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    return d.toPlainString();
  }

  private static String first(String... candidates) {
    for (String c : candidates) if (c != null) return c;
    throw new IllegalStateException("no group matched");
  }
}
