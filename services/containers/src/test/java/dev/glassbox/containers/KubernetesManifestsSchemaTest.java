package dev.glassbox.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** deploy/k8s rendered as kubectl renders it and validated against the Kubernetes API's schemas. */
class KubernetesManifestsSchemaTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path K8S = projectRoot().resolve("deploy/k8s");

  @Test
  void everyRenderedManifestIsValidForItsKindWithNoUnknownField() throws Exception {
    List<JsonNode> docs = rendered();
    assertFalse(docs.isEmpty(), "deploy/k8s renders no resource");
    KubernetesSchema kubernetes = KubernetesSchema.load();
    JsonSchema scaledObject = schema(read("/keda-scaledobject-v1alpha1.schema.json"));
    List<String> problems = new ArrayList<>();
    for (JsonNode doc : docs) {
      String kind = doc.path("kind").asText();
      String name = kind + "/" + doc.path("metadata").path("name").asText();
      JsonSchema schema = "ScaledObject".equals(kind) ? scaledObject : kubernetes.forKind(doc);
      if (schema == null) {
        problems.add(name + ": no schema for " + doc.path("apiVersion").asText() + " " + kind);
        continue;
      }
      schema.validate(doc).forEach(m -> problems.add(name + ": " + m.getMessage()));
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theSchemaCheckRejectsAMisspeltFieldAndAWrongType() throws Exception {
    KubernetesSchema kubernetes = KubernetesSchema.load();
    JsonNode deployment = rendered().stream().filter(d -> "Deployment".equals(d.path("kind").asText()))
        .findFirst().orElseThrow();
    ObjectNode misspelt = deployment.deepCopy();
    ((ObjectNode) misspelt.path("spec")).set("replica", misspelt.path("spec").path("replicas"));
    assertFalse(kubernetes.forKind(misspelt).validate(misspelt).isEmpty(), "a misspelt field passes");
    ObjectNode wrongType = deployment.deepCopy();
    ((ObjectNode) wrongType.path("spec")).put("replicas", "two");
    assertFalse(kubernetes.forKind(wrongType).validate(wrongType).isEmpty(), "a string for replicas passes");
    JsonNode scaled = rendered().stream().filter(d -> "ScaledObject".equals(d.path("kind").asText()))
        .findFirst().orElseThrow().deepCopy();
    ((ObjectNode) scaled.path("spec").path("triggers").get(0).path("metadata")).put("lagThreshold", 500);
    assertFalse(schema(read("/keda-scaledobject-v1alpha1.schema.json")).validate(scaled).isEmpty(),
        "a number in KEDA's trigger metadata passes");
  }

  /** kubectl kustomize's output when kubectl is installed, else the resources kustomization.yaml lists, in order. */
  static List<JsonNode> rendered() throws IOException, InterruptedException {
    String yaml = kustomize();
    if (yaml == null) {
      System.out.println("kubectl not installed: deploy/k8s read as kustomization.yaml lists it (no kustomize run)");
      StringBuilder all = new StringBuilder();
      for (JsonNode r : YAML.readTree(K8S.resolve("kustomization.yaml").toFile()).path("resources")) {
        all.append(Files.readString(K8S.resolve(r.asText()))).append("\n---\n");
      }
      yaml = all.toString();
    }
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isMissingNode() && !doc.isNull()) docs.add(doc);
      }
    }
    return docs;
  }

  private static String kustomize() throws IOException, InterruptedException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path kubectl = Path.of(dir, "kubectl");
      if (!Files.isExecutable(kubectl)) continue;
      Process p = new ProcessBuilder(kubectl.toString(), "kustomize", K8S.toString()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
      assertEquals(0, p.exitValue(), "kubectl kustomize deploy/k8s: " + err);
      System.out.println("deploy/k8s rendered by " + kubectl + " kustomize");
      return out;
    }
    return null;
  }

  static JsonSchema schema(JsonNode node) {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node);
  }

  static JsonNode read(String resource) throws IOException {
    try (InputStream in = KubernetesManifestsSchemaTest.class.getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      return new ObjectMapper().readTree(in);
    }
  }

  static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(dir.resolve("docker-compose.yml"))) dir = dir.getParent();
    return dir;
  }
}
