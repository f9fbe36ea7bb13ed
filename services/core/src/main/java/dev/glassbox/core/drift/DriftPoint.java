package dev.glassbox.core.drift;

import dev.glassbox.core.call.Message;
import dev.glassbox.core.explanation.Explanation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What drift keeps of one explained call: its time, surrogate embeddings, scalar signals and a prompt excerpt.
 *
 * @param prompt prompt embedding, or null when the explanation carries none
 * @param response response embedding, or null when the explanation carries none
 * @param signals one value per {@link #SIGNALS} entry, NaN when the call has no such signal
 * @param promptText the last user message, cut to {@link #EXCERPT} characters, for naming clusters and examples
 */
public record DriftPoint(long timestampMillis, float[] prompt, float[] response, double[] signals, String promptText) {

  /** The scalar signals tested for drift, in the order of {@link #signals()}. */
  public static final List<String> SIGNALS =
      List.of("hallucination", "grounding", "uncertainty", "semantic_entropy", "response_length", "flagged");
  /** Index of the 0/1 flag, tested as a proportion rather than a distribution. */
  public static final int FLAGGED = 5;
  public static final int EXCERPT = 300;

  /** Reads a point from an explanation; the timestamp must be ISO-8601. */
  public static DriftPoint of(Explanation e) {
    long ts;
    try {
      ts = Instant.parse(e.timestamp()).toEpochMilli();
    } catch (DateTimeParseException | NullPointerException ex) {
      throw new IllegalArgumentException("explanation " + e.callId() + ": timestamp is not ISO-8601: " + e.timestamp());
    }
    double[] s = new double[SIGNALS.size()];
    s[0] = e.hallucination() == null || e.hallucination().score() == null ? Double.NaN : e.hallucination().score();
    s[1] = e.grounding() == null ? Double.NaN : e.grounding().score();
    s[2] = e.uncertainty() == null ? Double.NaN : e.uncertainty().score();
    s[3] = e.consistency() == null ? Double.NaN : e.consistency().semanticEntropy();
    s[4] = e.call() == null || e.call().response() == null ? Double.NaN : e.call().response().length();
    s[5] = e.hallucination() == null ? Double.NaN : e.hallucination().flagged() ? 1 : 0;
    float[] p = e.embedding() == null ? null : e.embedding().prompt();
    float[] r = e.embedding() == null ? null : e.embedding().response();
    return new DriftPoint(ts, p, r, s, excerpt(e.call() == null ? null : e.call().prompt()));
  }

  static String excerpt(List<Message> prompt) {
    if (prompt == null || prompt.isEmpty()) return "";
    String text = prompt.get(prompt.size() - 1).content();
    for (int i = prompt.size() - 1; i >= 0; i--) {
      if ("user".equals(prompt.get(i).role())) {
        text = prompt.get(i).content();
        break;
      }
    }
    if (text == null) return "";
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() > EXCERPT ? text.substring(0, EXCERPT) : text;
  }
}
