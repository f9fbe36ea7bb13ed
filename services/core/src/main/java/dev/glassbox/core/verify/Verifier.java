package dev.glassbox.core.verify;

import java.util.List;

/**
 * Reads an evidence text and a claim together and says whether the evidence supports the claim, contradicts it, or
 * does not say (a cross-encoder). Implementations batch all pairs of one call into as few passes as they can.
 */
public interface Verifier extends AutoCloseable {

  /** One verdict per pair, in input order. */
  List<Verdict> verify(List<Pair> pairs);

  /** Name stored with every verdict; changes whenever verdicts would change. */
  String modelName();

  @Override
  void close();

  /** The evidence (context passage, sample, source segment) and the claim (a response sentence) to check. */
  record Pair(String evidence, String claim) {
    public Pair {
      if (evidence == null || claim == null) throw new IllegalArgumentException("a verifier pair needs evidence and a claim");
    }
  }
}
