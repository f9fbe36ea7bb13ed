package dev.glassbox.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {

  @Test
  void inputsAreSortedByLengthAndCutWhereRowsTimesLongestWouldPassTheBudget() {
    // lengths 10, 3, 7, 3 sorted: 3(1), 3(3), 7(2), 10(0); budget 16: 3+3 -> 2x3=6, +7 -> 3x7=21 > 16: cut;
    // 7 alone, +10 -> 2x10=20 > 16: cut; 10 alone.
    List<List<Integer>> b = OnnxEncoder.buckets(new int[] {10, 3, 7, 3}, 16);
    assertEquals(List.of(List.of(1, 3), List.of(2), List.of(0)), b);
  }

  @Test
  void aSingleInputLongerThanTheBudgetIsABatchAlone() {
    assertEquals(List.of(List.of(0)), OnnxEncoder.buckets(new int[] {300}, 100));
  }
}
