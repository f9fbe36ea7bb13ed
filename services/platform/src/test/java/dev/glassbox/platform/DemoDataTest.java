package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.CallCodec;
import dev.glassbox.platform.DemoData.DemoCall;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoDataTest {

  private final List<DemoCall> calls = DemoData.load();

  @Test
  void bundlesTwoHundredHaluEvalAndThirtyWikiBioCalls() {
    assertEquals(200, calls.stream().filter(c -> c.id().startsWith("halueval-qa-")).count());
    assertEquals(30, calls.stream().filter(c -> c.id().startsWith("wikibio-")).count());
    assertEquals(230, calls.size(), "nothing else (never TruthfulQA or Reuters) is bundled");
  }

  @Test
  void everyCallIsValidCallV1WithAUniqueIdAndALabel() {
    CallCodec codec = new CallCodec();
    Set<String> ids = new HashSet<>();
    for (DemoCall c : calls) {
      CallCodec.Decoded d = codec.decode(c.json());
      assertTrue(d.isValid(), c.id() + ": " + d.reason());
      assertEquals(c.id(), d.call().id());
      assertTrue(ids.add(c.id()), "duplicate id " + c.id());
      assertNotNull(c.hallucinated(), c.id() + " has labels.hallucinated");
    }
  }

  @Test
  void haluEvalPairsEachQuestionsRightAndHallucinatedAnswer() {
    for (int q = 0; q < 100; q++) {
      String right = "halueval-qa-" + q + "-right", wrong = "halueval-qa-" + q + "-hallucinated";
      assertTrue(calls.stream().anyMatch(c -> c.id().equals(right) && !c.hallucinated()), right);
      assertTrue(calls.stream().anyMatch(c -> c.id().equals(wrong) && c.hallucinated()), wrong);
    }
  }

  @Test
  void staysSmallAndShipsItsLicenceNote() throws Exception {
    long bytes = calls.stream().mapToLong(c -> c.json().length()).sum();
    assertTrue(bytes < 1_000_000, "demo data is " + bytes + " characters");
    try (var in = getClass().getClassLoader().getResourceAsStream("demo/NOTICE.md")) {
      assertNotNull(in);
      String notice = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(notice.contains("MIT") && notice.contains("CC BY-SA 3.0"), notice);
      assertFalse(notice.toLowerCase().contains("truthfulqa"));
    }
  }
}
