package dev.glassbox.cli;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.drift.Concept;
import dev.glassbox.core.drift.ConceptFile;
import dev.glassbox.core.encode.Encoder;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads what drift needs from a JSONL file: explanations as they are, or calls explained on the way. */
final class DriftInputs {

  private DriftInputs() {}

  /**
   * Explanations of the file's records. Explanation lines (they have {@code call_id}) are read as they are; call
   * lines are explained with the full explainer, or, with {@code embeddingsOnly}, only embedded (prompt and
   * response: the other signals are left out, which saves most of the encoder's work on long prompts).
   */
  static List<Explanation> read(Path in, Encoder encoder, boolean embeddingsOnly, PrintStream log,
      Map<String, Call> keepCalls) throws IOException {
    String first;
    try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
      first = r.readLine();
    }
    List<Explanation> out = new ArrayList<>();
    if (first != null && first.contains("\"call_id\"")) {
      try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
          lineNo++;
          if (line.isBlank()) continue;
          try {
            out.add(ExplanationCodec.decode(line.getBytes(StandardCharsets.UTF_8)));
          } catch (RuntimeException e) {
            log.println("line " + lineNo + ": skipped: not an explanation");
          }
        }
      }
      return out;
    }
    if (!embeddingsOnly) {
      CallExplainer explainer = new CallExplainer(encoder, new ExplainerSettings(0.5, true));
      ScoreCommand.score(in, explainer, 32, true, out::add, log, keepCalls);
      return out;
    }
    CallCodec codec = new CallCodec();
    List<Call> calls = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        CallCodec.Decoded d = codec.decode(line.getBytes(StandardCharsets.UTF_8));
        if (!d.isValid()) {
          log.println("line " + lineNo + ": skipped: " + d.reason());
          continue;
        }
        calls.add(d.call());
        if (keepCalls != null) keepCalls.put(d.call().id(), d.call());
      }
    }
    int batch = 64;
    for (int i = 0; i < calls.size(); i += batch) {
      List<Call> part = calls.subList(i, Math.min(calls.size(), i + batch));
      List<String> texts = new ArrayList<>();
      for (Call c : part) {
        texts.add(c.promptText());
        texts.add(c.response());
      }
      float[][] v = encoder.embed(texts);
      for (int j = 0; j < part.size(); j++) {
        Call c = part.get(j);
        out.add(new Explanation(c.id(), c.app(), c.model(), c.tenant(), c.timestamp().toString(),
            new Explanation.CallView(c.prompt(), c.response(), c.context(), c.samples(), c.attributes()),
            null, null, null, null, null, null,
            new Explanation.Embedding(encoder.modelName(), v[2 * j], v[2 * j + 1]), 2));
      }
      if (i % (batch * 20) == 0) log.printf("embedded %d of %d calls%n", Math.min(calls.size(), i + batch), calls.size());
    }
    return out;
  }

  static List<Concept> concepts(Path file) throws IOException {
    if (file == null) return List.of();
    return ConceptFile.parse(Files.readString(file, StandardCharsets.UTF_8));
  }
}
