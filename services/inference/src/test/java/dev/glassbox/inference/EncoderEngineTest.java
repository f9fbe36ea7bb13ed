package dev.glassbox.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder's engine-free half (tokenising, bucketing, padding, pooling) around a stub engine. */
class EncoderEngineTest {

  /** Gives position p of every row the one-hot vector of dimension p; remembers the batches it was given. */
  static final class OneHotEngine implements EncoderEngine {
    final List<PaddedBatch> batches = new ArrayList<>();

    @Override
    public float[] hiddenStates(PaddedBatch batch) {
      batches.add(batch);
      float[] hidden = new float[batch.rows() * batch.len() * OnnxEncoder.DIMENSION];
      for (int r = 0; r < batch.rows(); r++) {
        for (int t = 0; t < batch.len(); t++) hidden[(r * batch.len() + t) * OnnxEncoder.DIMENSION + t] = 1f;
      }
      return hidden;
    }

    @Override
    public float[][][][] attentionHeads(PaddedBatch one) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  @Test
  void aSentenceVectorIsTheUnitMeanOfItsOwnTokensAndPaddingCountsForNothing() {
    OneHotEngine engine = new OneHotEngine();
    try (OnnxEncoder encoder = new OnnxEncoder(EncoderOptions.DEFAULT, engine)) {
      List<String> texts = List.of("Paris", "The tower was finished in 1889 by Gustave Eiffel.");
      int shortLength = encoder.tokenize(texts).get(0).ids().length;
      float[][] v = encoder.embed(texts);
      assertEquals(1, engine.batches.size(), "both texts fit one pass under the token budget");
      assertEquals(2, engine.batches.get(0).rows());
      for (int d = 0; d < OnnxEncoder.DIMENSION; d++) {
        assertEquals(d < shortLength ? 1 / Math.sqrt(shortLength) : 0, v[0][d], 1e-6, "dimension " + d);
      }
      assertEquals(1, encoder.forwardPasses());
    }
  }
}
