package dev.glassbox.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.attribution.AttentionRollout;
import dev.glassbox.core.encode.AttentionEncoder;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real bundled model, with its attention softmaxes exposed by patching the graph in Java. */
class OnnxAttentionTest {

  private static OnnxEncoder encoder;

  @BeforeAll
  static void load() {
    encoder = new OnnxEncoder(EncoderOptions.DEFAULT);
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void theSixSoftmaxesBecomeGraphOutputsAndTheEmbeddingOutputStays() throws Exception {
    byte[] model;
    try (InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(OnnxEncoder.MODEL_RESOURCE)) {
      model = in.readAllBytes();
    }
    assertEquals(List.of("last_hidden_state"), OnnxGraph.graphOutputs(model));
    OnnxGraph.Patched p = OnnxGraph.exposeOutputsOf(model, "Softmax");
    assertEquals(6, p.outputs().size());
    assertEquals("/encoder/layer.0/attention/self/Softmax_output_0", p.outputs().get(0));
    List<String> outputs = OnnxGraph.graphOutputs(p.model());
    assertEquals("last_hidden_state", outputs.get(0));
    assertEquals(p.outputs(), outputs.subList(1, 7));
    assertTrue(OnnxGraph.exposeOutputsOf(p.model(), "Softmax").outputs().isEmpty(), "patching twice adds nothing");
  }

  @Test
  void attentionRowsAreDistributionsAndTheRolloutSharesOfTheFirstTextsWordsSumToOne() {
    String first = "The tower was finished in 1889 by Gustave Eiffel.";
    String second = "It was completed in 1889.";
    AttentionEncoder.Joint j = encoder.attend(first, second);
    int n = j.part().length;
    assertEquals(6, j.layers().length);
    for (float[][] layer : j.layers()) {
      for (float[] row : layer) {
        double sum = 0;
        for (float x : row) sum += x;
        assertEquals(1.0, sum, 1e-3, "softmax rows sum to 1");
      }
    }
    assertEquals(0, j.part()[0], "[CLS]");
    assertEquals(0, j.part()[n - 1], "the last [SEP]");
    assertTrue(java.util.stream.IntStream.of(j.part()).filter(p -> p == 1).count() >= 10);
    List<AttentionRollout.WordScore> words = AttentionRollout.firstTextWords(j, first);
    assertEquals(9, words.size());
    assertEquals(1.0, words.stream().mapToDouble(AttentionRollout.WordScore::score).sum(), 1e-9);
    AttentionRollout.WordScore top = words.stream().max(Comparator.comparingDouble(AttentionRollout.WordScore::score))
        .orElseThrow();
    System.out.println("attention rollout: " + words);
    assertTrue(top.score() > 1.0 / words.size(), "some word stands out: " + words);
  }
}
