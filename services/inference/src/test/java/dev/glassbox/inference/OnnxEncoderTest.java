package dev.glassbox.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.signal.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEncoderTest {

  static OnnxEncoder encoder;

  @BeforeAll
  static void load() {
    encoder = new OnnxEncoder();
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void aClosedEncoderRefusesNewPassesInsteadOfCrashingInTheRuntime() {
    OnnxEncoder e = new OnnxEncoder();
    e.embed(List.of("warm up"));
    e.close();
    e.close(); // twice is fine
    IllegalStateException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> e.embed(List.of("too late")));
    assertTrue(ex.getMessage().contains("closed"), ex.getMessage());
  }

  @Test
  void askingForTheGpuWithoutOneFallsBackToTheCpuWithTheSameVectors() {
    // This build packages the CPU-only ONNX Runtime, so the CUDA provider cannot be added: one log line, CPU vectors.
    try (OnnxEncoder gpu = new OnnxEncoder(new EncoderOptions(256, 8192, 0, false, "gpu"))) {
      float[][] v = gpu.embed(List.of("The Eiffel Tower is in Paris."));
      float[][] cpu = encoder.embed(List.of("The Eiffel Tower is in Paris."));
      for (int d = 0; d < cpu[0].length; d++) assertEquals(cpu[0][d], v[0][d], 1e-5);
    }
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new EncoderOptions(256, 8192, 0, false, "tpu")).getMessage().contains("cpu, gpu or auto"));
  }

  @Test
  void paraphrasesAreCloserThanUnrelatedSentences() {
    float[][] v = encoder.embed(List.of(
        "The Eiffel Tower is located in Paris.",
        "Paris is where the Eiffel Tower stands.",
        "Quarterly revenue fell because of weak chip demand."));
    double paraphrase = Vectors.dot(v[0], v[1]);
    double unrelated = Vectors.dot(v[0], v[2]);
    assertTrue(paraphrase > 0.7, "paraphrase similarity " + paraphrase);
    assertTrue(paraphrase - unrelated > 0.4, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
  }

  @Test
  void encodeGivesTheSameSentenceVectorAndOneUnitTokenVectorPerWordPiece() {
    // the same texts in the same pass: the int8 model's vectors depend on what shares a pass
    List<String> texts = List.of("Marie won the Nobel prize.", "Pierre won nothing.", "no tokens");
    float[][] sentences = encoder.embed(texts);
    dev.glassbox.core.encode.Encoder.Encoded[] encoded = encoder.encode(texts, new boolean[] {true, true, false});
    assertEquals(0, encoded[2].tokens().length, "token vectors only where asked for");
    for (int i = 0; i < texts.size(); i++) {
      for (int d = 0; d < 384; d++) assertEquals(sentences[i][d], encoded[i].vector()[d], 1e-6);
    }
    // [CLS] and [SEP] are left out: the pieces are the text's own
    assertEquals(List.of("marie", "won", "the", "nobel", "prize", "."), List.of(encoded[0].pieces()));
    for (float[] t : encoded[0].tokens()) {
      assertEquals(384, t.length);
      assertEquals(1.0, dev.glassbox.core.signal.Vectors.dot(t, t), 1e-4);
    }
    // contextual vectors: the same word in two contexts is similar, a different word less so
    double same = dev.glassbox.core.signal.Vectors.dot(encoded[0].tokens()[1], encoded[1].tokens()[1]);
    double other = dev.glassbox.core.signal.Vectors.dot(encoded[0].tokens()[1], encoded[0].tokens()[3]);
    assertTrue(same > other, "won~won " + same + ", won~nobel " + other);
  }

  @Test
  void vectorsAreUnitLengthWithTheModelDimension() {
    float[][] v = encoder.embed(List.of("hello", ""));
    assertEquals(384, v[0].length);
    assertEquals(1.0, Vectors.dot(v[0], v[0]), 1e-4);
    assertEquals(384, v[1].length);
  }

  @Test
  void batchingByLengthKeepsInputOrderAndMatchesSingleTexts() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 40; i++) texts.add("Sentence number " + i + " " + "word ".repeat(i % 17));
    float[][] batched = encoder.embed(texts);
    for (int i : new int[] {0, 7, 39}) {
      float[] alone = encoder.embed(List.of(texts.get(i)))[0];
      // int8 vectors move slightly with padding; the order must still be exact.
      assertTrue(Vectors.dot(alone, batched[i]) > 0.98, "text " + i);
    }
  }

  @Test
  void longTextsAreTruncatedNotRejected() {
    float[][] v = encoder.embed(List.of("word ".repeat(5000)));
    assertEquals(1.0, Vectors.dot(v[0], v[0]), 1e-4);
  }
}
