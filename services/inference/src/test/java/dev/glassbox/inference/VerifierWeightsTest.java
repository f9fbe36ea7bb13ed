package dev.glassbox.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifierWeightsTest {

  @Test
  void aWeightFileReadsBackTheSameSettingsAndTensorsInOrder() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("b", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
    tensors.put("a", new Tensor(new long[] {1}, new float[] {Float.MIN_VALUE}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new VerifierWeights(Map.of("seed", "17"), tensors).write(out);
    VerifierWeights read = VerifierWeights.read(new ByteArrayInputStream(out.toByteArray()));
    assertEquals("17", read.settings().get("seed"));
    assertEquals(java.util.List.of("b", "a"), java.util.List.copyOf(read.tensors().keySet()));
    assertArrayEquals(new long[] {2, 3}, read.tensors().get("b").shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, -6.5f}, read.tensors().get("b").data());
  }

  @Test
  void anotherFileIsRefused() {
    assertThrows(IOException.class, () -> VerifierWeights.read(new ByteArrayInputStream(new byte[] {0, 3, 'a', 'b', 'c'})));
  }

  @Test
  void aShapeThatDoesNotHoldTheDataIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Tensor(new long[] {2, 2}, new float[3]));
  }
}
