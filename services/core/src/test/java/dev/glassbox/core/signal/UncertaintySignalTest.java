package dev.glassbox.core.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glassbox.core.call.TokenLogprob;
import dev.glassbox.core.call.TokenLogprob.TopLogprob;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.text.SentenceSplitter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UncertaintySignalTest {

  static TokenLogprob tok(String t, double lp, TopLogprob... top) {
    return new TokenLogprob(t, lp, List.of(top));
  }

  @Test
  void aggregatesMatchHandComputedValues() {
    String response = "Paris is nice.";
    List<TokenLogprob> lps = List.of(tok("Paris", -0.1), tok(" is", -0.2), tok(" nice", -0.3), tok(".", 0.0));
    Uncertainty u = UncertaintySignal.compute(response, lps, SentenceSplitter.split(response));
    assertEquals(-0.15, u.meanLogprob(), 1e-9);
    assertEquals(Vectors.round(Math.exp(0.15)), u.perplexity(), 1e-9);
    assertEquals(Vectors.round(Math.exp(-0.3)), u.minProb(), 1e-9);
    assertEquals(Vectors.round(1 - Math.exp(-0.15)), u.score(), 1e-9);
    // Tokens keep their leading space, as the model produced them.
    assertEquals(5, u.tokens().get(1).start());
    assertEquals(8, u.tokens().get(1).end());
    assertEquals(13, u.tokens().get(3).start());
    assertEquals(1, u.sentences().size());
  }

  @Test
  void entropyIsOverTheRenormalisedTopAlternatives() {
    // Two alternatives of equal probability: ln 2 whatever their absolute mass.
    TokenLogprob t = tok("a", Math.log(0.3), new TopLogprob("a", Math.log(0.3)), new TopLogprob("b", Math.log(0.3)));
    assertEquals(Math.log(2), UncertaintySignal.entropy(t), 1e-12);
    // The chosen token is counted even when the logged top list misses it.
    TokenLogprob missing = tok("c", Math.log(0.2), new TopLogprob("a", Math.log(0.2)), new TopLogprob("b", Math.log(0.2)));
    assertEquals(Math.log(3), UncertaintySignal.entropy(missing), 1e-12);
  }

  @Test
  void withOnlyTheChosenTokenEntropyIsBinary() {
    double p = 0.8;
    double expected = -p * Math.log(p) - (1 - p) * Math.log(1 - p);
    assertEquals(expected, UncertaintySignal.entropy(tok("x", Math.log(p))), 1e-12);
    assertEquals(0, UncertaintySignal.entropy(tok("x", 0.0)), 1e-12);
  }

  @Test
  void tokensThatDoNotTileTheResponseStillGetSensibleSpans() {
    String response = "Hello  world";
    Uncertainty u = UncertaintySignal.compute(response,
        List.of(tok("Hello", -0.1), tok(" world", -0.1), tok("bytes:\\xe2", -1)), SentenceSplitter.split(response));
    assertEquals(7, u.tokens().get(1).start());
    assertEquals(12, u.tokens().get(1).end());
    assertEquals(u.tokens().get(2).start(), u.tokens().get(2).end());
  }

  @Test
  void noLogprobsNoBlock() {
    assertNull(UncertaintySignal.compute("x", List.of(), List.of()));
  }

  @Test
  void newWordLogprobAveragesTheFirstTokenOfEachContentWordAbsentFromTheSources() {
    String response = " Paris is in Franceland";
    List<TokenLogprob> lps = List.of(tok(" Paris", -0.1), tok(" is", -0.2), tok(" in", -0.3), tok(" France", -2.0),
        tok("land", -4.0));
    Uncertainty u = UncertaintySignal.compute(response, lps, SentenceSplitter.split(response), Set.of("paris"));
    // "paris" is in the sources, "is" and "in" are function words: only "franceland" counts, by its first token
    assertEquals(-2.0, u.sentences().get(0).newWordLogprob(), 1e-9);
    Uncertainty none = UncertaintySignal.compute(response, lps, SentenceSplitter.split(response),
        Set.of("paris", "franceland"));
    assertNull(none.sentences().get(0).newWordLogprob());
  }
}
