package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.kafka.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml and deploy/k8s read as their tools read them, and checked for what a deployment needs. */
class DeploymentManifestsTest {

  private static final Map<String, Integer> SERVICES = Map.of("ingest", 8081, "explainer", 8082, "store", 8083, "drift", 8084);
  private final Path root = GrafanaProvisioning.ofProject().root;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  private static Yaml yaml() {
    return new Yaml(new LoaderOptions()); // resolves anchors and << merge keys as Compose does
  }

  @Test
  void composeStartsEveryServiceAfterWhatItNeedsIsHealthy() throws IOException {
    Map<String, Object> compose = yaml().load(Files.readString(root.resolve("docker-compose.yml")));
    Map<String, Object> services = map(compose.get("services"));
    assertTrue(services.keySet().containsAll(List.of("kafka", "topic-init", "postgres", "grafana", "prometheus",
        "ingest", "explainer", "store", "drift", "explainer-gpu")), services.keySet().toString());
    List<String> problems = new ArrayList<>();
    for (var e : services.entrySet()) {
      String name = e.getKey();
      Map<String, Object> s = map(e.getValue());
      boolean oneShot = "no".equals(s.get("restart"));
      if (!oneShot && s.get("healthcheck") == null) problems.add(name + " has no health check");
      if (s.get("build") != null) {
        Map<String, Object> build = map(s.get("build"));
        Path dockerfile = root.resolve((String) build.get("context")).resolve((String) build.get("dockerfile"));
        if (!Files.isRegularFile(dockerfile)) problems.add(name + ": no " + dockerfile);
      }
      Object dependsOn = s.get("depends_on");
      if (dependsOn != null && !(dependsOn instanceof Map)) problems.add(name + ": depends_on must name conditions");
      if (dependsOn instanceof Map<?, ?> deps) {
        for (var d : deps.entrySet()) {
          Map<String, Object> target = map(services.get((String) d.getKey()));
          String condition = (String) map(d.getValue()).get("condition");
          if (target == null) {
            problems.add(name + " depends on undefined " + d.getKey());
          } else if ("service_healthy".equals(condition)) {
            if (target.get("healthcheck") == null) problems.add(name + " waits for " + d.getKey() + "'s health, which it lacks");
          } else if ("service_completed_successfully".equals(condition)) {
            if (!"no".equals(target.get("restart"))) problems.add(name + " waits for " + d.getKey() + " to finish, which restarts");
          } else {
            problems.add(name + " depends on " + d.getKey() + " without a health condition");
          }
        }
      }
      for (Object v : list(s.get("volumes"))) {
        String volume = (String) v;
        if (volume.startsWith("./") && !Files.exists(root.resolve(volume.substring(2, volume.indexOf(':'))))) {
          problems.add(name + " mounts a missing " + volume);
        }
      }
    }
    assertEquals(List.of(), problems);

    for (var svc : SERVICES.entrySet()) {
      Map<String, Object> s = map(services.get(svc.getKey()));
      assertEquals(List.of(svc.getValue() + ":" + svc.getValue()), s.get("ports"), svc.getKey());
      assertTrue(s.get("healthcheck").toString().contains("localhost:" + svc.getValue() + "/q/health/ready"), svc.getKey());
      assertTrue(map(s.get("depends_on")).containsKey("topic-init"), svc.getKey() + " waits for the topics");
    }
    assertTrue(map(map(services.get("store")).get("depends_on")).containsKey("postgres"));
    List<Object> grafanaVolumes = list(map(services.get("grafana")).get("volumes"));
    assertTrue(grafanaVolumes.contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro"), grafanaVolumes.toString());
    assertTrue(grafanaVolumes.contains("./dashboards:/var/lib/grafana/dashboards/glassbox:ro"), grafanaVolumes.toString());
    assertEquals("/var/lib/grafana/dashboards/glassbox", GrafanaProvisioning.read(root.resolve(
        "deploy/grafana/provisioning/dashboards/glassbox.yaml")).path("providers").get(0).path("options").path("path").asText());
    Map<String, Object> gpu = map(services.get("explainer-gpu"));
    assertEquals(List.of("gpu"), gpu.get("profiles"));
    assertTrue(gpu.get("deploy").toString().contains("driver=nvidia"), gpu.get("deploy").toString());
    String topicInit = map(services.get("topic-init")).get("command").toString();
    for (String topic : Topics.ALL) {
      assertTrue(topicInit.contains(topic), "topic-init creates " + topic);
    }
    String scrape = Files.readString(root.resolve("deploy/prometheus/prometheus.yml"));
    SERVICES.forEach((name, port) -> assertTrue(scrape.contains(name + ":" + port), "Prometheus scrapes " + name));
  }

  /** Debian's docker-compose (1.29) parses and validates without a Docker engine; it runs when installed. */
  /** A call id may hold '/', '?', '#' or spaces: a link that pastes it raw opens the wrong page or none. */
  @Test
  void everyDashboardLinkPercentEncodesTheDataItCarries() {
    java.util.regex.Pattern data = java.util.regex.Pattern.compile("\\$\\{__(data|value|field|series)[^}]*}");
    int links = 0;
    for (Path file : GrafanaProvisioning.ofProject().dashboardFiles()) {
      for (JsonNode url : GrafanaProvisioning.read(file).findValues("url")) {
        java.util.regex.Matcher m = data.matcher(url.asText());
        while (m.find()) {
          links++;
          assertTrue(m.group().endsWith(":percentencode}"), file.getFileName() + ": " + url.asText());
        }
      }
    }
    assertTrue(links > 0, "the dashboards link to call pages");
  }

  @Test
  void composeFileIsValidForTheRealComposeParserWhenInstalled() throws Exception {
    Path composeTool = PromQlCheck.onPath("docker-compose");
    if (composeTool == null) {
      System.out.println("docker-compose not installed: docker-compose.yml checked by its YAML structure only");
      return;
    }
    Process p = new ProcessBuilder(composeTool.toString(), "--project-directory", root.toString(),
        "-f", root.resolve("docker-compose.yml").toString(), "config", "-q").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
  }

  @Test
  void kubernetesManifestsProbeQuarkusHealthAndScaleTheExplainerOnLag() throws IOException {
    Path dir = root.resolve("deploy/k8s");
    Map<String, Map<String, Object>> byKindAndName = new HashMap<>();
    Set<String> files = new TreeSet<>();
    try (var paths = Files.list(dir)) {
      for (Path f : paths.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        files.add(f.getFileName().toString());
        for (Object doc : yaml().loadAll(Files.readString(f))) {
          Map<String, Object> m = map(doc);
          String name = m.get("metadata") == null ? "" : (String) map(m.get("metadata")).get("name");
          byKindAndName.put(m.get("kind") + "/" + name, m);
        }
      }
    }
    Map<String, Object> kustomization = byKindAndName.get("Kustomization/");
    assertNotNull(kustomization);
    Set<String> listed = new TreeSet<>();
    for (Object r : list(kustomization.get("resources"))) listed.add((String) r);
    files.remove("kustomization.yaml");
    assertEquals(files, listed, "kustomization lists every manifest");

    Map<String, Object> config = byKindAndName.get("ConfigMap/glassbox-config");
    assertNotNull(config);
    for (var svc : SERVICES.entrySet()) {
      String name = "glassbox-" + svc.getKey();
      Map<String, Object> deployment = byKindAndName.get("Deployment/" + name);
      assertNotNull(deployment, name);
      Map<String, Object> spec = map(deployment.get("spec"));
      assertTrue((Integer) spec.get("replicas") >= 1, name);
      Map<String, Object> podLabels = map(map(map(spec.get("template")).get("metadata")).get("labels"));
      assertEquals(map(spec.get("selector")).get("matchLabels"), Map.of("app.kubernetes.io/name", name));
      assertEquals(name, podLabels.get("app.kubernetes.io/name"));
      Map<String, Object> container = map(list(map(map(spec.get("template")).get("spec")).get("containers")).get(0));
      Map<String, Object> port = map(list(container.get("ports")).get(0));
      assertEquals(svc.getValue(), port.get("containerPort"), name);
      Map<String, Object> resources = map(container.get("resources"));
      assertTrue(map(resources.get("requests")).keySet().containsAll(List.of("cpu", "memory")), name);
      assertTrue(map(resources.get("limits")).containsKey("memory"), name);
      assertEquals("/q/health/live", map(map(container.get("livenessProbe")).get("httpGet")).get("path"), name);
      assertEquals("/q/health/ready", map(map(container.get("readinessProbe")).get("httpGet")).get("path"), name);
      assertEquals(port.get("name"), map(map(container.get("readinessProbe")).get("httpGet")).get("port"), name);
      assertTrue(container.get("envFrom").toString().contains("glassbox-config"), name);

      Map<String, Object> service = byKindAndName.get("Service/" + name);
      assertNotNull(service, name);
      assertEquals(Map.of("app.kubernetes.io/name", name), map(service.get("spec")).get("selector"));
      Map<String, Object> servicePort = map(list(map(service.get("spec")).get("ports")).get(0));
      assertEquals(svc.getValue(), servicePort.get("port"));
      assertEquals(port.get("name"), servicePort.get("targetPort"));
    }

    Map<String, Object> scaled = map(byKindAndName.get("ScaledObject/glassbox-explainer").get("spec"));
    assertEquals("glassbox-explainer", map(scaled.get("scaleTargetRef")).get("name"));
    Map<String, Object> trigger = map(list(scaled.get("triggers")).get(0));
    assertEquals("kafka", trigger.get("type"));
    Map<String, Object> meta = map(trigger.get("metadata"));
    assertEquals(Topics.CALLS, meta.get("topic"));
    Properties explainer = new Properties();
    explainer.load(Files.newBufferedReader(root.resolve("services/explainer/src/main/resources/application.properties")));
    assertEquals(explainer.getProperty("quarkus.kafka-streams.application-id"), meta.get("consumerGroup"),
        "Kafka Streams consumes as a group named by its application id");
    assertTrue((Integer) scaled.get("maxReplicaCount") <= 4, "no more explainers than the topic's partitions");
    assertTrue((Integer) scaled.get("minReplicaCount") >= 1);
  }
}
