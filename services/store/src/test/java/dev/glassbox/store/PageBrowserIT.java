package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The explanation page in a real headless browser (Debian's chromium; installed here with apt when missing and
 * the test runs as root, as in CI): the attribution bars, the occluded words, the attention view and the similar
 * calls are rendered, and a screenshot is saved as {@code target/page-screenshot.png}.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = true)
class PageBrowserIT {

  private static final Path SCREENSHOT = Path.of("target/page-screenshot.png");
  static String chromium;

  @TestHTTPResource("/")
  URL root;

  @Inject
  ExplanationRepository repository;

  @BeforeAll
  static void findOrInstallChromium() throws Exception {
    chromium = which("chromium");
    if (chromium == null && "root".equals(System.getProperty("user.name"))) {
      System.out.println("[browser] installing Debian's chromium with apt-get (about a minute)");
      Process p = new ProcessBuilder("apt-get", "install", "-y", "-q", "chromium").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        new ProcessBuilder("apt-get", "update", "-q").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.MINUTES);
        new ProcessBuilder("apt-get", "install", "-y", "-q", "chromium").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.MINUTES);
      }
      chromium = which("chromium");
    }
    Assumptions.assumeTrue(chromium != null,
        "no chromium and not root to install it: apt-get install chromium, then run this test again");
  }

  @Test
  void thePageShowsBarsWordsAttentionAndSimilarCallsInABrowser() throws Exception {
    String call = """
        {"id": "browser-%s", "timestamp": "2026-11-28T12:%s:00Z", "app": "browser-app", "model": "m",
         "prompt": "Where is the Eiffel Tower and when was it finished?",
         "response": "The Eiffel Tower is in Paris. It was finished in 1889.",
         "context": [{"id": "kb-1", "text": "The Eiffel Tower stands in Paris, France."},
                     {"id": "kb-2", "text": "Construction of the tower was finished in 1889."}],
         "logprobs": [{"token": "The", "logprob": -0.2}, {"token": " Eiffel", "logprob": -1.9}]}
        """;
    ExplainerSettings all = new ExplainerSettings(0.5, true, AttributionSettings.DEFAULT.withMode(AttributionMode.ALL));
    Explanation earlier = Explanations.explain(call.formatted("earlier", "00"), all);
    Explanation e = Explanations.explain(call.formatted("now", "05"), all);
    // The hashing test encoder has no attention: add a view as the ONNX encoder would, on the first sentence.
    Explanation.Segment top = e.attribution().sentences().get(0).segments().get(0);
    String source = e.call().context().stream().filter(p -> top.source().equals("context:" + p.id())).findFirst()
        .orElseThrow().text();
    List<Explanation.TokenScore> words = new ArrayList<>();
    var m = java.util.regex.Pattern.compile("\\p{L}+").matcher(source.substring(top.start(), top.end()));
    while (m.find()) {
      words.add(new Explanation.TokenScore(top.source(), top.start() + m.start(), top.start() + m.end(), m.group(),
          m.group().equals("Paris") ? 0.5 : 0.1));
    }
    e = e.withAttribution(e.attribution().withAttention(List.of(new Explanation.AttentionView(0, 29, top.source(),
        top.start(), top.end(), words))));
    repository.writeExplanations(List.of(earlier, e));

    String url = root.toString() + "calls/browser-now?access_token=" + AccessIT.READER;
    String dom = run(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--dump-dom", url);
    assertTrue(dom.contains("<h1>Call browser-now</h1>"), "the page loaded in the browser: " + head(dom));
    assertTrue(dom.contains("class=\"bar\""), "attribution bars");
    assertTrue(dom.contains("What in the prompt and context supports each sentence"), "attribution section");
    assertTrue(dom.contains("attention rollout"), "attention view");
    assertTrue(dom.contains("Similar earlier calls") && dom.contains("/calls/browser-earlier"), "similar calls");
    assertTrue(dom.contains("class=\"token\""), "token heatmaps");

    Files.deleteIfExists(SCREENSHOT);
    run(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
        "--window-size=1280,2600", "--screenshot=" + SCREENSHOT.toAbsolutePath(), url);
    assertTrue(Files.size(SCREENSHOT) > 20_000, "a screenshot with content: " + Files.size(SCREENSHOT) + " bytes");
    byte[] png = Files.readAllBytes(SCREENSHOT);
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    System.out.println("[browser] screenshot " + SCREENSHOT.toAbsolutePath() + " (" + png.length + " bytes)");
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "chromium finished");
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String which(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) return p.toString();
    }
    return null;
  }

  private static String head(String s) {
    return s.length() > 500 ? s.substring(0, 500) : s;
  }
}
