package dev.glassbox.cli;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.drift.Concept;
import dev.glassbox.core.drift.ConceptFile;
import dev.glassbox.core.drift.ConceptVector;
import dev.glassbox.core.drift.Concepts;
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
import picocli.CommandLine.Option;

/**
 * Reads what drift needs from a JSONL file: explanations as they are, or calls explained on the way; and, as the
 * options {@code drift} and {@code drift-bench} share, the concept file.
 */
final class DriftInputs {

  @Option(names = "--concepts",
      description = "concept file (JSON): name, examples, counter_examples per concept; reported by prevalence")
  Path concepts;

  @Option(names = "--embeddings-only", description = "embed prompt and response only (skip the other signals: much faster)")
  boolean embeddingsOnly;

  /** {@code --in}'s explanations, read as {@code --embeddings-only} says. */
  List<Explanation> read(Path in, Encoder encoder, PrintStream log, Map<String, Call> keepCalls) throws IOException {
    return read(in, encoder, embeddingsOnly, log, keepCalls);
  }

  /** The concepts of {@code --concepts}, embedded; none without the option. */
  List<ConceptVector> concepts(Encoder encoder) throws IOException {
    return Concepts.embed(concepts(concepts), encoder);
  }

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
    if (first != null && first.contains("\"call_id\"")) return explanations(in, log);
    if (embeddingsOnly) return embedded(in, encoder, log, keepCalls);
    List<Explanation> out = new ArrayList<>();
    CallExplainer explainer = new CallExplainer(encoder, new ExplainerSettings(0.5, true));
    ScoreCommand.score(in, explainer, 32, true, out::add, log, keepCalls);
    return out;
  }

  /** A non-blank line of a JSONL file, with its 1-based number. */
  private interface LineReader {
    void accept(int lineNo, String line);
  }

  private static void eachLine(Path in, LineReader reader) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (!line.isBlank()) reader.accept(lineNo, line);
      }
    }
  }

  private static List<Explanation> explanations(Path in, PrintStream log) throws IOException {
    List<Explanation> out = new ArrayList<>();
    eachLine(in, (lineNo, line) -> {
      try {
        out.add(ExplanationCodec.decode(line.getBytes(StandardCharsets.UTF_8)));
      } catch (RuntimeException e) {
        log.println("line " + lineNo + ": skipped: not an explanation");
      }
    });
    return out;
  }

  /** The file's calls as explanations that carry only the prompt and response embeddings. */
  private static List<Explanation> embedded(Path in, Encoder encoder, PrintStream log, Map<String, Call> keepCalls)
      throws IOException {
    CallCodec codec = new CallCodec();
    List<Call> calls = new ArrayList<>();
    eachLine(in, (lineNo, line) -> {
      CallCodec.Decoded d = codec.decode(line.getBytes(StandardCharsets.UTF_8));
      if (!d.isValid()) {
        log.println("line " + lineNo + ": skipped: " + d.reason());
        return;
      }
      calls.add(d.call());
      if (keepCalls != null) keepCalls.put(d.call().id(), d.call());
    });
    List<Explanation> out = new ArrayList<>();
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
