package dev.glassbox.core.explain;

import dev.glassbox.core.signal.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Example-based explanation: the earlier calls nearest to a call in the surrogate's embedding space, so that an
 * auditor sees how similar questions were answered and scored before.
 */
public final class SimilarCalls {

  private SimilarCalls() {}

  /** A candidate's embeddings; either may be null when it was not stored. */
  public record Candidate(String callId, float[] prompt, float[] response) {}

  /** A candidate with its similarity in [-1, 1]. */
  public record Match(String callId, double similarity) {}

  /**
   * The {@code k} candidates most similar to the call, most similar first: the mean of the prompt cosine and the
   * response cosine over the sides both have (a call is similar when it was asked and answered alike). Candidates
   * sharing no side with the call are left out; ties keep the candidates' order.
   */
  public static List<Match> top(float[] prompt, float[] response, List<Candidate> candidates, int k) {
    List<Match> out = new ArrayList<>();
    for (Candidate c : candidates) {
      double sum = 0;
      int sides = 0;
      if (usable(prompt) && usable(c.prompt()) && prompt.length == c.prompt().length) {
        sum += Vectors.cosine(prompt, c.prompt());
        sides++;
      }
      if (usable(response) && usable(c.response()) && response.length == c.response().length) {
        sum += Vectors.cosine(response, c.response());
        sides++;
      }
      if (sides > 0) out.add(new Match(c.callId(), sum / sides));
    }
    out.sort(Comparator.comparingDouble(Match::similarity).reversed());
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }

  private static boolean usable(float[] v) {
    return v != null && v.length > 0;
  }
}
