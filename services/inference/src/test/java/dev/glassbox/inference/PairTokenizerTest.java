package dev.glassbox.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.verify.Verifier.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairTokenizerTest {

  @Test
  void aPairIsClsEvidenceSepClaimSepWithTheClaimAsTypeOne() {
    try (PairTokenizer t = new PairTokenizer(128)) {
      Pair pair = new Pair("Paris is in France.", "Paris is French.");
      assertArrayEquals(new String[] {"[CLS]", "paris", "is", "in", "france", ".", "[SEP]", "paris", "is", "french", ".", "[SEP]"},
          t.pieces(pair));
      OnnxEncoder.Tokenized tokens = t.encode(List.of(pair)).get(0);
      assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, tokens.types());
      assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, tokens.mask());
      assertEquals(101, tokens.ids()[0]);
      assertEquals(102, tokens.ids()[6]);
    }
  }

  @Test
  void aLongPairIsCutToTheLimitByTrimmingTheLongerEvidenceAndKeepsTheClaim() {
    try (PairTokenizer t = new PairTokenizer(24)) {
      String evidence = "word ".repeat(100);
      OnnxEncoder.Tokenized tokens = t.encode(List.of(new Pair(evidence, "the claim stays whole"))).get(0);
      assertEquals(24, tokens.ids().length);
      long claimTokens = java.util.Arrays.stream(tokens.types()).filter(x -> x == 1).count();
      assertEquals(5, claimTokens, "four claim pieces and the last [SEP]");
      assertTrue(tokens.types()[0] == 0 && tokens.types()[23] == 1);
    }
  }

  @Test
  void pairsKeepTheirInputOrder() {
    try (PairTokenizer t = new PairTokenizer(64)) {
      List<OnnxEncoder.Tokenized> out = t.encode(List.of(new Pair("a b c d e f", "g"), new Pair("h", "i")));
      assertEquals(10, out.get(0).ids().length);
      assertEquals(5, out.get(1).ids().length);
    }
  }
}
