package dev.glassbox.core.call;

import java.util.List;

/** One response token with its log-probability and, when logged, the top alternatives (OpenAI's shape). */
public record TokenLogprob(String token, double logprob, List<TopLogprob> topLogprobs) {
  public TokenLogprob {
    topLogprobs = topLogprobs == null ? List.of() : List.copyOf(topLogprobs);
  }

  /** One alternative token at this position with its log-probability. */
  public record TopLogprob(String token, double logprob) {}
}
