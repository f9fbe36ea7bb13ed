package dev.glassbox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StoreLoadTest {

  @Test
  void copyLinesEscapeTabsNewlinesAndBackslashesAndWriteNullsAndArrays() {
    StringBuilder sb = new StringBuilder();
    StoreLoad.line(sb, "a\tb\nc\\d", null, 3, 0.5, new float[] {1f, -0.25f}, true);
    assertEquals("a\\tb\\nc\\\\d\t\\N\t3\t0.5\t{1.0,-0.25}\ttrue\n", sb.toString());
  }

  @Test
  void chunksCutAListIntoCallsOfAtMostTheBatchSize() {
    assertEquals(java.util.List.of(java.util.List.of(1, 2), java.util.List.of(3)),
        EncoderParts.chunks(java.util.List.of(1, 2, 3), 2));
  }
}
