package dev.glassbox.core.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.text.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttentionRolloutTest {

  @Test
  void oneLayerIsHalfAttentionHalfResidual() {
    float[][][] layers = {{{0, 1}, {1, 0}}};
    double[][] r = AttentionRollout.rollout(layers);
    assertEquals(0.5, r[0][0], 1e-12);
    assertEquals(0.5, r[0][1], 1e-12);
  }

  @Test
  void twoLayersMultiplyFromTheFirstUp() {
    // Layer 1: token 0 attends to 1 fully -> [[.5,.5],[0,1]]; layer 2: uniform -> [[.75,.25],[.25,.75]].
    float[][][] layers = {{{0, 1}, {0, 1}}, {{0.5f, 0.5f}, {0.5f, 0.5f}}};
    double[][] r = AttentionRollout.rollout(layers);
    // r = L2 * L1 = [[.75*.5, .75*.5 + .25], [.25*.5, .25*.5 + .75]]
    assertEquals(0.375, r[0][0], 1e-12);
    assertEquals(0.625, r[0][1], 1e-12);
    assertEquals(0.125, r[1][0], 1e-12);
    assertEquals(0.875, r[1][1], 1e-12);
  }

  @Test
  void wordsOfTheFirstTextGetTheSecondTextsAttentionSummedOverPieces() {
    // Tokens: [CLS] "Par" "is" "France" (first text "Paris, France"), [SEP], "it" (second text), [SEP]. One layer in
    // which "it" attends 0.6 to "Par", 0.2 to "is", 0.1 to "France" and 0.1 to itself; with the residual its row
    // becomes 0.3, 0.1, 0.05 and 0.55 (self). Paris = 0.3 + 0.1, France = 0.05; normalised: 0.4 / 0.45 and 0.05 / 0.45.
    String first = "Paris, France";
    float[][][] layers = {{
        {1, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0, 0}, {0, 0, 0, 1, 0, 0, 0},
        {0, 0, 0, 0, 1, 0, 0}, {0, 0.6f, 0.2f, 0.1f, 0, 0.1f, 0}, {0, 0, 0, 0, 0, 0, 1}}};
    AttentionEncoder.Joint joint = new AttentionEncoder.Joint(layers, new int[] {0, 1, 1, 1, 0, 2, 0},
        List.of(new Span(0, 0), new Span(0, 3), new Span(3, 5), new Span(7, 13), new Span(0, 0), new Span(0, 2),
            new Span(0, 0)));
    List<AttentionRollout.WordScore> words = AttentionRollout.firstTextWords(joint, first);
    assertEquals(List.of("Paris", "France"), words.stream().map(AttentionRollout.WordScore::word).toList());
    assertEquals(0.4 / 0.45, words.get(0).score(), 1e-6);
    assertEquals(0.05 / 0.45, words.get(1).score(), 1e-6);
    assertEquals(7, words.get(1).start());
  }
}
