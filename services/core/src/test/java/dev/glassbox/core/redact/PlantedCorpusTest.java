package dev.glassbox.core.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlantedCorpusTest {

  private static final List<PlantedCorpus.Entry> CORPUS = PlantedCorpus.load();

  /** The call as published: every text, no labels (labels carry the planted list itself). */
  private static String published(Call c) {
    Call noLabels = new Call(c.id(), c.timestamp(), c.app(), c.model(), c.tenant(), c.prompt(), c.response(),
        c.context(), c.logprobs(), c.samples(), c.attributes(), null);
    return new String(new CallCodec().encode(noLabels), StandardCharsets.UTF_8);
  }

  @Test
  void theCorpusPlantsEveryTypeAndLeaksThemAllWhenNotRedacted() {
    assertEquals(12, CORPUS.size());
    assertEquals(43, CORPUS.stream().mapToInt(e -> e.planted().size()).sum());
    for (PiiType t : PiiType.values()) assertTrue(PlantedCorpus.expectedCount(CORPUS, t) >= 5, t + " planted");
    // The leak check itself finds every planted value in the unredacted calls.
    List<String> leaked = new ArrayList<>();
    for (PlantedCorpus.Entry e : CORPUS) leaked.addAll(PlantedCorpus.leaks(List.of(e), published(e.call())));
    assertTrue(leaked.size() >= 43, "found " + leaked.size());
  }

  @Test
  void redactionLeavesNoPlantedValueAndKeepsEveryLookAlike() {
    Redactor redactor = new Redactor(RedactionPolicy.DEFAULT);
    for (PlantedCorpus.Entry e : CORPUS) {
      RedactedCall r = redactor.redact(e.call());
      String out = published(r.call());
      assertEquals(List.of(), PlantedCorpus.leaks(List.of(e), out), e.call().id());
      for (String kept : e.kept()) assertTrue(out.contains(kept), e.call().id() + " lost '" + kept + "': " + out);
    }
  }

  @Test
  void everyPlantedItemIsCountedOnceByItsType() {
    Redactor redactor = new Redactor(RedactionPolicy.DEFAULT);
    Map<PiiType, Integer> total = new EnumMap<>(PiiType.class);
    for (PlantedCorpus.Entry e : CORPUS) {
      RedactionCounts counts = redactor.redact(e.call()).counts();
      for (PiiType t : PiiType.values()) {
        assertEquals(e.expected().getOrDefault(t, 0), counts.count(t), e.call().id() + " " + t);
        total.merge(t, counts.count(t), Integer::sum);
      }
    }
    assertEquals(Map.of(PiiType.SECRET, 10, PiiType.CARD, 8, PiiType.IBAN, 5, PiiType.EMAIL, 10, PiiType.IP, 6,
        PiiType.PHONE, 8), total);
  }

  @Test
  void hashModeAlsoLeavesNoPlantedValue() {
    Redactor redactor = new Redactor(RedactionPolicy.uniform(RedactionMode.HASH,
        java.util.EnumSet.allOf(PiiType.class), "corpus-key"));
    for (PlantedCorpus.Entry e : CORPUS) {
      assertEquals(List.of(), PlantedCorpus.leaks(List.of(e), published(redactor.redact(e.call()).call())));
    }
  }
}
