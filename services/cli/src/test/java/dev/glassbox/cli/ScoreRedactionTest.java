package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.explain.HashingEncoder;
import dev.glassbox.core.redact.PlantedCorpus;
import dev.glassbox.core.redact.Redactor;
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

class ScoreRedactionTest {

  private static final List<PlantedCorpus.Entry> CORPUS = PlantedCorpus.load();

  private static String scoreCorpus(Path dir, Redactor redactor) throws IOException {
    Path in = dir.resolve("planted.jsonl");
    Files.write(in, CORPUS.stream().map(PlantedCorpus.Entry::json).toList(), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    CallExplainer explainer = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT);
    ScoreCommand.Totals t = ScoreCommand.score(in, explainer, redactor, 5, true,
        e -> lines.add(ExplanationCodec.encodeString(e)), new PrintStream(new ByteArrayOutputStream()), null);
    assertEquals(CORPUS.size(), t.explained());
    return String.join("\n", lines);
  }

  @Test
  void scoreRedactsByDefaultSoNoPlantedValueIsWritten(@TempDir Path dir) throws IOException {
    String out = scoreCorpus(dir, ScoreCommand.redactor("redact", null));
    assertEquals(List.of(), PlantedCorpus.leaks(CORPUS, out));
    assertTrue(out.contains("\"redactions\":{\"total\":2,\"by_type\":{\"card\":2}"), out.substring(0, 400));
  }

  @Test
  void hashNeedsAKeyAndOffWritesTheValues(@TempDir Path dir) throws IOException {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ScoreCommand.redactor("hash", null))
        .getMessage().startsWith("redaction mode hash needs a secret hash key"));
    assertEquals(List.of(), PlantedCorpus.leaks(CORPUS, scoreCorpus(dir, ScoreCommand.redactor("hash", "k"))));
    assertTrue(PlantedCorpus.leaks(CORPUS, scoreCorpus(dir, ScoreCommand.redactor("off", null))).size() >= 40);
  }
}
