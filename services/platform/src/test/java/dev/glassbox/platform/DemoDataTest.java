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

  @Test
  void timestampsMoveTogetherSoTheLatestIsTheGivenInstantAndRetentionKeepsThem() throws Exception {
    java.time.Instant now = java.time.Instant.parse("2027-06-01T12:00:00Z");
    List<java.time.Instant> times = timestamps(DemoData.load(now));
    List<java.time.Instant> hourLater = timestamps(DemoData.load(now.plusSeconds(3600)));
    assertEquals(now, times.stream().max(java.time.Instant::compareTo).orElseThrow());
    for (int i = 0; i < times.size(); i++) assertEquals(times.get(i).plusSeconds(3600), hourLater.get(i), "spacing kept");
    assertTrue(times.stream().allMatch(t -> t.isAfter(now.minusSeconds(86_400))), "all within the last day");
  }

  private static List<java.time.Instant> timestamps(List<DemoCall> calls) throws Exception {
    List<java.time.Instant> out = new java.util.ArrayList<>();
    for (DemoCall c : calls) {
      out.add(java.time.Instant.parse(dev.glassbox.core.json.Json.readTree(c.json()).path("timestamp").asText()));
    }
    return out;
  }
}
