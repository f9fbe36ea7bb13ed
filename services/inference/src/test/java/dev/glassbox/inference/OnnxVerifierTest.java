package dev.glassbox.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.verify.Verdict;
import dev.glassbox.core.verify.Verifier.Pair;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxVerifierTest {

  private static OnnxVerifier verifier;

  @BeforeAll
  static void load() {
    verifier = new OnnxVerifier(EncoderOptions.DEFAULT);
  }

  @AfterAll
  static void close() {
    verifier.close();
  }

  private static final Pair SHORT = new Pair("Brazil won the 1994 final against Italy.", "Italy won the 1994 final against Brazil.");
  private static final Pair LONG = new Pair("The Orwin Museum is in Leeds and holds 12,000 maps. It was opened by Queen Mary in 1934 "
      + "and was expanded in 1961 with a new wing for sea charts.", "The Orwin Museum holds 12,000 maps.");

  @Test
  void theCommittedModelGivesProbabilitiesForEveryPairInInputOrder() {
    List<Verdict> v = verifier.verify(List.of(SHORT, LONG));
    assertEquals(2, v.size());
    for (Verdict x : v) assertEquals(1.0, x.supported() + x.contradicted() + x.notEnoughInfo(), 1e-9);
    assertEquals(verifier.verify(List.of(LONG)).get(0), verifier.verify(List.of(LONG)).get(0));
  }

  @Test
  void aPairsLogitsDoNotDependOnThePairsPaddedBesideIt() {
    float[] alone = verifier.logits(List.of(SHORT))[0];
    float[] padded = verifier.logits(List.of(SHORT, LONG))[0];
    for (int k = 0; k < 3; k++) assertEquals(alone[k], padded[k], 1e-4);
  }

  @Test
  void noPairsNeedNoPass() {
    assertTrue(verifier.verify(List.of()).isEmpty());
  }
}
