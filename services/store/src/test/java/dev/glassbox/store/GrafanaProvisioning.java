package dev.glassbox.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every query Grafana would run for Glassbox: dashboard panels, variables, annotations and alert rules, as files on disk. */
final class GrafanaProvisioning {

  /** Where a query lives and what its result must look like. */
  enum Kind { TIMESERIES, STAT, TABLE, HISTOGRAM, CATEGORIES, ANNOTATION, VARIABLE, ALERT }

  /**
   * One query Grafana runs.
   *
   * @param where a human pointer: file, panel title, refId
   * @param requiredFields columns the panel refers to by name (links, overrides), which the result must have
   * @param variables the dashboard's template variable names (none for alert rules)
   */
  record Query(String where, Kind kind, String datasourceUid, String text, Set<String> requiredFields,
      Set<String> variables, long relativeSeconds) {

    boolean isSql() {
      return GrafanaProvisioning.SQL_UID.equals(datasourceUid);
    }
  }

  static final String SQL_UID = "glassbox-pg";
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DATA_FIELD = Pattern.compile("\\$\\{__data\\.fields\\.([^}:]+)(?::[a-z]+)?}");

  final Path root;

  GrafanaProvisioning(Path root) {
    this.root = root;
  }

  /** The project root: the first folder at or above the working directory that holds {@code dashboards/}. */
  static GrafanaProvisioning ofProject() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("dashboards"))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException("no dashboards/ folder above " + Path.of("").toAbsolutePath());
    return new GrafanaProvisioning(dir);
  }

  List<Path> dashboardFiles() {
    try (Stream<Path> files = Files.list(root.resolve("dashboards"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Path> provisioningFiles(String folder) {
    try (Stream<Path> files = Files.list(root.resolve("deploy/grafana/provisioning").resolve(folder))) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return (file.toString().endsWith(".json") ? JSON : YAML).readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  /** The uids of the provisioned data sources. */
  Set<String> provisionedDatasourceUids() {
    Set<String> uids = new TreeSet<>();
    for (Path f : provisioningFiles("datasources")) {
      for (JsonNode ds : read(f).path("datasources")) uids.add(ds.path("uid").asText());
    }
    return uids;
  }

  /** Every data source uid a dashboard or an alert rule names, with where it is named. */
  List<String[]> referencedDatasourceUids() {
    List<String[]> refs = new ArrayList<>();
    for (Path f : dashboardFiles()) collectUids(read(f), f.getFileName().toString(), refs);
    for (Path f : provisioningFiles("alerting")) {
      for (JsonNode group : read(f).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          for (JsonNode data : rule.path("data")) {
            String uid = data.path("datasourceUid").asText();
            if (!uid.equals("__expr__")) refs.add(new String[] {uid, f.getFileName() + " rule " + rule.path("uid").asText()});
          }
        }
      }
    }
    return refs;
  }

  private static void collectUids(JsonNode node, String where, List<String[]> refs) {
    if (node.isObject()) {
      JsonNode ds = node.get("datasource");
      if (ds != null && ds.isObject() && ds.has("uid") && !ds.path("type").asText().equals("grafana")) {
        refs.add(new String[] {ds.path("uid").asText(), where + " " + node.path("title").asText(node.path("name").asText())});
      }
      node.fields().forEachRemaining(e -> collectUids(e.getValue(), where, refs));
    } else if (node.isArray()) {
      node.forEach(n -> collectUids(n, where, refs));
    }
  }

  /** Every query of every dashboard: panel targets, query variables and annotations. */
  List<Query> dashboardQueries() {
    List<Query> out = new ArrayList<>();
    for (Path f : dashboardFiles()) {
      JsonNode d = read(f);
      String file = f.getFileName().toString();
      Set<String> variables = new LinkedHashSet<>();
      for (JsonNode v : d.path("templating").path("list")) variables.add(v.path("name").asText());
      for (JsonNode v : d.path("templating").path("list")) {
        if (v.path("type").asText().equals("query")) {
          out.add(new Query(file + " variable $" + v.path("name").asText(), Kind.VARIABLE,
              v.path("datasource").path("uid").asText(), queryText(v.path("query")), Set.of(), variables, 0));
        }
      }
      for (JsonNode a : d.path("annotations").path("list")) {
        if (a.has("target")) {
          out.add(new Query(file + " annotation '" + a.path("name").asText() + "'", Kind.ANNOTATION,
              a.path("datasource").path("uid").asText(), a.path("target").path("rawSql").asText(), Set.of(), variables, 0));
        }
      }
      for (JsonNode p : d.path("panels")) {
        Kind kind = kindOf(p.path("type").asText(), file);
        Set<String> fields = new TreeSet<>();
        Matcher m = DATA_FIELD.matcher(p.toString());
        while (m.find()) fields.add(m.group(1));
        for (JsonNode o : p.path("fieldConfig").path("overrides")) {
          if (o.path("matcher").path("id").asText().equals("byName")) fields.add(o.path("matcher").path("options").asText());
        }
        for (JsonNode t : p.path("targets")) {
          String uid = t.path("datasource").path("uid").asText(p.path("datasource").path("uid").asText());
          String text = t.has("rawSql") ? t.path("rawSql").asText() : t.path("expr").asText();
          out.add(new Query(file + " panel '" + p.path("title").asText() + "' " + t.path("refId").asText(), kind,
              uid, text, fields, variables, 0));
        }
      }
    }
    return out;
  }

  /** Every query of every provisioned alert rule, with its relative time range. */
  List<Query> alertQueries() {
    List<Query> out = new ArrayList<>();
    for (Path f : provisioningFiles("alerting")) {
      for (JsonNode group : read(f).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          for (JsonNode data : rule.path("data")) {
            String uid = data.path("datasourceUid").asText();
            if (uid.equals("__expr__")) continue;
            JsonNode model = data.path("model");
            String text = model.has("rawSql") ? model.path("rawSql").asText() : model.path("expr").asText();
            out.add(new Query(f.getFileName() + " rule '" + rule.path("title").asText() + "' " + data.path("refId").asText(),
                Kind.ALERT, uid, text, Set.of(), Set.of(), data.path("relativeTimeRange").path("from").asLong()));
          }
        }
      }
    }
    return out;
  }

  private static String queryText(JsonNode query) {
    return query.isObject() ? query.path("rawSql").asText(query.path("query").asText()) : query.asText();
  }

  private static Kind kindOf(String panelType, String file) {
    return switch (panelType) {
      case "timeseries" -> Kind.TIMESERIES;
      case "stat", "gauge", "bargauge" -> Kind.STAT;
      case "table" -> Kind.TABLE;
      case "histogram" -> Kind.HISTOGRAM;
      case "barchart", "piechart" -> Kind.CATEGORIES;
      default -> throw new IllegalArgumentException(file + ": no result shape known for panel type " + panelType);
    };
  }
}
