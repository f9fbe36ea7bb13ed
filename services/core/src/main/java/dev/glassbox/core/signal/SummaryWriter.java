package dev.glassbox.core.signal;

import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.Hallucination;
import dev.glassbox.core.explanation.Explanation.SentenceRisk;
import dev.glassbox.core.explanation.Explanation.TokenUncertainty;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the one-paragraph plain-language summary of an explanation. */
public final class SummaryWriter {

  private static final int QUOTE_CHARS = 60;

  private SummaryWriter() {}

  public static String write(String response, Hallucination h, Grounding g, Consistency c, Uncertainty u) {
    List<String> parts = new ArrayList<>();
    long risky = h.sentences().stream().filter(s -> s.score() >= h.threshold()).count();
    int n = h.sentences().size();
    if (n == 0) {
      parts.add("The response is empty.");
    } else {
      parts.add(String.format(Locale.ROOT, "%s (risk %.2f, threshold %.2f): %d of %d sentence%s look%s risky.",
          h.flagged() ? "Flagged as a likely hallucination" : "Not flagged",
          h.score(), h.threshold(), risky, n, n == 1 ? "" : "s", risky == 1 ? "s" : ""));
      SentenceRisk worst = h.sentences().stream().max((a, b) -> Double.compare(a.score(), b.score())).get();
      if (worst.score() >= h.threshold()) {
        parts.add(String.format(Locale.ROOT, "Riskiest is sentence %d, \"%s\": %s.",
            h.sentences().indexOf(worst) + 1, quote(response.substring(worst.start(), worst.end())), worst.reason()));
      }
    }
    // The summary speaks of grounding only when it entered the score.
    if (g == null) {
      parts.add("No context or prompt text to check grounding against.");
    } else if (SentenceFeatures.counts(g, c)) {
      parts.add(String.format(Locale.ROOT, "Mean support by the %s is %.2f.", g.against(), g.score()));
    }
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

  private static String quote(String s) {
    s = s.replaceAll("\\s+", " ");
    return s.length() <= QUOTE_CHARS ? s : s.substring(0, QUOTE_CHARS - 3) + "...";
  }
}
