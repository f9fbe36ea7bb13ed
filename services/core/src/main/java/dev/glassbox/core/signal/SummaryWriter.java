package dev.glassbox.core.signal;

import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.Hallucination;
import dev.glassbox.core.explanation.Explanation.SentenceRisk;
import dev.glassbox.core.explanation.Explanation.TokenUncertainty;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.explanation.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the one-paragraph plain-language summary of an explanation. */
public final class SummaryWriter {

  private static final int QUOTE_CHARS = 60;

  private SummaryWriter() {}

  /** What to log to make a call checkable; the summary of a call without checkable evidence says it. */
  static final String WHAT_TO_LOG = "To check it, log the retrieved context (or keep the source in a tool message or "
      + "a marked block of the prompt), or n > 1 samples of the same prompt; token log-probs alone give uncertainty only.";

  public static String write(String response, Hallucination h, Grounding g, Consistency c, Uncertainty u) {
    List<String> parts = new ArrayList<>();
    int n = h.sentences().size();
    if (n == 0) {
      parts.add("The response is empty.");
    } else if (!h.checkable()) {
      parts.add(String.format(Locale.ROOT, "Not checkable, not flagged: the call has %s evidence a fact could be "
          + "checked against, so %s unverifiable.", Hallucination.NONE.equals(h.evidence()) ? "no"
          : "only " + h.evidence() + ", no", n == 1 ? "its one sentence is" : "all " + n + " sentences are"));
      parts.add(WHAT_TO_LOG);
    } else {
      verdicts(response, h, parts);
    }
    if (g != null) parts.add(String.format(Locale.ROOT, "Mean support by the %s is %.2f.", g.against(), g.score()));
    if (c != null) {
      parts.add(String.format(Locale.ROOT, "Across the samples, %d meaning cluster%s (semantic entropy %.2f nats).",
          c.clusters(), c.clusters() == 1 ? "" : "s", c.semanticEntropy()));
    }
    if (u != null) {
      TokenUncertainty least = u.tokens().stream().min((a, b) -> Double.compare(a.prob(), b.prob())).orElse(null);
      parts.add(String.format(Locale.ROOT, "Token perplexity is %.2f%s.", u.perplexity(),
          least == null ? "" : String.format(Locale.ROOT, "; the least certain token is \"%s\" (p = %.2f)",
              least.token().strip(), least.prob())));
    }
    return String.join(" ", parts);
  }

  /** The call's verdict, the count of each sentence verdict, and the riskiest sentence with its reason. */
  private static void verdicts(String response, Hallucination h, List<String> parts) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Verdict v : Verdict.values()) {
      long k = h.sentences().stream().filter(s -> v.id().equals(s.verdict())).count();
      if (k > 0) counts.put(v.id(), k);
    }
    List<String> listed = new ArrayList<>();
    counts.forEach((v, k) -> listed.add(k + " " + v));
    parts.add(String.format(Locale.ROOT, "%s (probability %.2f, threshold %.2f, evidence: %s): %s.",
        h.flagged() ? "Flagged as a likely hallucination" : "Not flagged", h.score(), h.threshold(), h.evidence(),
        String.join(", ", listed)));
    SentenceRisk worst = h.sentences().stream().filter(s -> s.score() != null)
        .max((a, b) -> Double.compare(a.score(), b.score())).orElse(null);
    if (worst != null && worst.score() >= h.threshold()) {
      parts.add(String.format(Locale.ROOT, "Riskiest is sentence %d, \"%s\": %s.",
          h.sentences().indexOf(worst) + 1, quote(response.substring(worst.start(), worst.end())), worst.reason()));
    }
  }

  private static String quote(String s) {
    s = s.replaceAll("\\s+", " ");
    return s.length() <= QUOTE_CHARS ? s : s.substring(0, QUOTE_CHARS - 3) + "...";
  }
}
