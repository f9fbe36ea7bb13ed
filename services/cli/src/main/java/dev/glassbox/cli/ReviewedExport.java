package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.appmodel.ReviewedCall;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.Explanation.SentenceRisk;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One app's reviewed calls read from {@code glassbox export} lines (a file, or the store through the same export
 * query): each call with its stored explanation and the label of its latest verdict. Unsure verdicts are counted and
 * left out; so are calls nothing could be checked against (no score) and calls of other apps.
 */
record ReviewedExport(List<EvalCommand.Scored> calls, List<ReviewedCall> reviewed, int unsure, int unchecked,
    int unreviewed, int otherApps) {

  static ReviewedExport read(List<String> lines, String app) throws IOException {
    CallCodec codec = new CallCodec();
    List<EvalCommand.Scored> calls = new ArrayList<>();
    List<ReviewedCall> reviewed = new ArrayList<>();
    int unsure = 0, unchecked = 0, unreviewed = 0, other = 0, number = 0;
    for (String line : lines) {
      number++;
      if (line.isBlank()) continue;
      JsonNode node = Json.readTree(line);
      if (!app.equals(node.path("app").asText())) {
        other++;
        continue;
      }
      JsonNode verdicts = node.path("glassbox").path("verdicts");
      JsonNode stored = node.path("glassbox").path("explanation");
      if (!stored.isObject()) throw new IOException("line " + number + " has no stored explanation: write the file with glassbox export");
      if (!verdicts.isArray() || verdicts.isEmpty()) {
        unreviewed++;
        continue;
      }
      JsonNode latest = verdicts.get(verdicts.size() - 1);
      if (!"hallucinated".equals(latest.path("verdict").asText()) && !"correct".equals(latest.path("verdict").asText())) {
        unsure++;
        continue;
      }
      Explanation e = ExplanationCodec.decode(Json.mapper().writeValueAsBytes(stored));
      if (e.hallucination() == null || e.hallucination().score() == null) {
        unchecked++;
        continue;
      }
      CallCodec.Decoded call = codec.decode(node);
      if (!call.isValid()) throw new IOException("line " + number + " is not a call: " + call.reason());
      boolean label = "hallucinated".equals(latest.path("verdict").asText());
      calls.add(new EvalCommand.Scored(call.call(), e));
      reviewed.add(new ReviewedCall(CallKey.of(call.call()).recordKey(),
          instant(latest.path("created_at").asText(null)), rawScore(e), label));
    }
    return new ReviewedExport(calls, reviewed, unsure, unchecked, unreviewed, other);
  }

  static List<String> lines(byte[] jsonl) {
    return new String(jsonl, StandardCharsets.UTF_8).lines().toList();
  }

  /**
   * The call score on the scoring model's own scale: the mean of its sentence scores (unverifiable ones count as
   * nothing, as the combiner counts them). An app model restates only the call score, so this is the score to
   * calibrate whether or not an app model made the explanation.
   */
  static double rawScore(Explanation e) {
    List<SentenceRisk> s = e.hallucination().sentences();
    if (s.isEmpty()) return e.hallucination().score();
    double sum = 0;
    for (SentenceRisk r : s) if (r.score() != null) sum += r.score();
    return sum / s.size();
  }

  private static Instant instant(String text) {
    if (text == null) return null;
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
