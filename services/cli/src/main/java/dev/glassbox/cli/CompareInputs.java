package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.compare.VersionSample;
import dev.glassbox.core.encode.Encoder;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code glassbox compare} needs of each call in a JSONL file: store exports ({@code glassbox export}) with
 * their stored explanation and their latest reviewer verdict; explanation files as they are; call files scored on the
 * way by the pipeline {@code score} and {@code drift} use, with their evaluation labels.
 */
final class CompareInputs {

  private CompareInputs() {}

  /**
   * One call as a comparison sees it.
   *
   * @param verdict the latest reviewer verdict as a label (exports only), or null
   * @param label the evaluation label {@code labels.hallucinated} (call files only), or null
   */
  record Observed(Explanation explanation, Boolean verdict, Boolean label) {

    void addTo(VersionSample.Builder b) {
      Explanation e = explanation;
      float[] prompt = e.embedding() == null ? null : e.embedding().prompt();
      float[] response = e.embedding() == null ? null : e.embedding().response();
      boolean checkable = e.hallucination() != null && e.hallucination().checkable();
      b.add(checkable, checkable && e.hallucination().flagged(), e.uncertainty() == null ? null : e.uncertainty().score(),
          verdict, label, prompt, response);
    }
  }

  /** Every call of {@code in}, whichever of the three kinds of line it holds. */
  static List<Observed> read(Path in, Encoder encoder, PrintStream log) throws IOException {
    String first;
    try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
      first = r.readLine();
    }
    if (first != null && isExport(first)) return exported(in, log);
    Map<String, Call> calls = new HashMap<>();
    List<Explanation> explained = DriftInputs.read(in, encoder, false, log, calls);
    List<Observed> out = new ArrayList<>();
    for (Explanation e : explained) {
      Call c = calls.get(e.callId());
      Object label = c == null ? null : c.labels().get("hallucinated");
      out.add(new Observed(e, null, label instanceof Boolean b ? b : null));
    }
    return out;
  }

  private static boolean isExport(String line) {
    try {
      return Json.readTree(line).path("glassbox").has("explanation");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** An export's lines: the stored explanation, and {@code labels.hallucinated} (the latest verdict) as the verdict. */
  private static List<Observed> exported(Path in, PrintStream log) throws IOException {
    List<Observed> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        try {
          JsonNode n = Json.readTree(line);
          Explanation e = ExplanationCodec.decode(Json.mapper().writeValueAsBytes(n.path("glassbox").get("explanation")));
          JsonNode verdict = n.path("labels").get("hallucinated");
          out.add(new Observed(e, verdict != null && verdict.isBoolean() ? verdict.asBoolean() : null, null));
        } catch (IOException | RuntimeException e) {
          log.println("line " + lineNo + ": skipped: not an export line (" + e.getMessage() + ")");
        }
      }
    }
    return out;
  }
}
