package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.compare.CompareSettings;
import dev.glassbox.core.compare.Comparison;
import dev.glassbox.core.compare.Proportion;
import dev.glassbox.core.compare.VersionComparison;
import dev.glassbox.core.explain.HashingEncoder;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareInputsTest {

  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  /** Forty labelled calls of a model, the first {@code hallucinated} of them labelled hallucinated. */
  private static List<String> calls(String model, int hallucinated) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      out.add("""
          {"id": "%s-%d", "timestamp": "2026-11-01T00:%02d:00Z", "app": "tutor", "model": "%s",
           "prompt": "What is %d + %d?", "response": "It is %d.", "labels": {"hallucinated": %s}}"""
          .formatted(model, i, i, model, i, i, 2 * i, i < hallucinated).replace("\n", ""));
    }
    return out;
  }

  private static List<CompareInputs.Observed> of(List<CompareInputs.Observed> all, String model) {
    return all.stream().filter(o -> o.explanation().model().equals(model)).toList();
  }

  @Test
  void callFilesAreScoredAndKeepTheirLabels(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("calls.jsonl");
    List<String> lines = new ArrayList<>(calls("small", 30));
    lines.addAll(calls("large", 10));
    Files.write(in, lines, StandardCharsets.UTF_8);
    List<CompareInputs.Observed> read = CompareInputs.read(in, new HashingEncoder(), QUIET);
    assertEquals(80, read.size());
    var small = CompareCommand.sample(of(read, "small"));
    var large = CompareCommand.sample(of(read, "large"));
    assertEquals(new Proportion(30, 40), small.labelled());
    assertEquals(new Proportion(10, 40), large.labelled());
    assertEquals(40, small.responses().size(), "scored calls carry their embeddings");
    Comparison c = new VersionComparison(CompareSettings.DEFAULT.withPermutations(99)).compare("model", "small",
        "large", small, large);
    assertTrue(c.metrics().stream().anyMatch(m -> m.name().equals("labelled_rate") && m.significant()), c.verdict());
  }

  @Test
  void exportLinesGiveTheStoredExplanationAndTheLatestVerdict(@TempDir Path dir) throws IOException {
    Path calls = dir.resolve("calls.jsonl");
    Files.write(calls, calls("small", 2).subList(0, 3), StandardCharsets.UTF_8);
    List<CompareInputs.Observed> scored = CompareInputs.read(calls, new HashingEncoder(), QUIET);
    List<String> export = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      String labels = i == 2 ? "{}" : "{\"hallucinated\": " + (i == 0) + "}";
      export.add("{\"id\": \"" + scored.get(i).explanation().callId() + "\", \"labels\": " + labels
          + ", \"glassbox\": {\"explanation\": " + ExplanationCodec.encodeString(scored.get(i).explanation())
          + ", \"verdicts\": []}}");
    }
    Path in = dir.resolve("export.jsonl");
    Files.write(in, export, StandardCharsets.UTF_8);
    List<CompareInputs.Observed> read = CompareInputs.read(in, null, QUIET);
    assertEquals(List.of(true, false), read.subList(0, 2).stream().map(CompareInputs.Observed::verdict).toList());
    assertNull(read.get(2).verdict(), "no verdict, no label");
    assertNull(read.get(0).label(), "an export's labels are reviewers' verdicts, not evaluation labels");
    assertEquals(Json.string(scored.get(0).explanation()), Json.string(read.get(0).explanation()));
  }
}
