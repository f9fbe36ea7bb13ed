package dev.glassbox.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.verify.VerifierLabel;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VerifierDataTest {

  private static final Path FIXTURE = Path.of("src/test/resources/verifier-data");

  @Test
  void aboutOneDocumentInFiveIsHeldOutAndTheSplitNeverChanges() {
    long held = IntStream.range(0, 2000).filter(i -> VerifierData.heldOut("knowledge-" + i)).count();
    assertTrue(held > 340 && held < 460, held + " of 2000 held out");
    assertTrue(VerifierData.heldOut("knowledge-18"), "a fixed id stays on its side");
    assertFalse(VerifierData.heldOut("knowledge-0"));
  }

  @Test
  void theSameSeedBuildsTheSamePairs() {
    List<VerifierData.Document> docs = VerifierData.documents(FIXTURE, 0);
    assertEquals(VerifierData.trainingSet(docs, FIXTURE, 7, 40), VerifierData.trainingSet(docs, FIXTURE, 7, 40));
  }

  @Test
  void trainingPairsComeOnlyFromDocumentsThatAreNotHeldOutAndCoverEveryLabel() {
    List<VerifierData.Document> docs = VerifierData.documents(FIXTURE, 0);
    List<VerifierData.Labelled> pairs = VerifierData.trainingSet(docs, FIXTURE, 7, 200);
    assertTrue(pairs.stream().noneMatch(p -> VerifierData.heldOut(p.documentId())));
    for (VerifierLabel l : VerifierLabel.values()) assertTrue(pairs.stream().anyMatch(p -> p.label() == l), "no " + l);
  }

  @Test
  void aContradictedClaimDiffersFromItsSourceSentenceAndAnUnrelatedOneComesFromElsewhere() {
    List<VerifierData.Document> docs = VerifierData.documents(FIXTURE, 0);
    for (VerifierData.Labelled p : VerifierData.editedPairs(docs, id -> true, 7, 500)) {
      if (p.label() == VerifierLabel.CONTRADICTED) assertFalse(p.pair().evidence().contains(p.pair().claim()), p.toString());
      if (p.label() == VerifierLabel.NOT_ENOUGH_INFO) assertFalse(p.pair().evidence().contains(p.pair().claim()), p.toString());
    }
  }

  @Test
  void joinedHaluEvalSentencesAreSplit() {
    VerifierData.Document d = VerifierData.documents(FIXTURE, 0).get(0);
    assertEquals("knowledge-0", d.id());
    assertEquals(2, d.sentences().size());
  }

  @Test
  void everyMinimalPairKeepsOneClaimAndChangesTheOtherOnTheSameEvidence() {
    List<VerifierData.MinimalPair> pairs = VerifierData.minimalPairs(VerifierData.documents(FIXTURE, 0), id -> true, 1);
    assertFalse(pairs.isEmpty());
    for (VerifierData.MinimalPair m : pairs) {
      assertFalse(m.kept().equals(m.changed()));
      if (!m.kind().equals("negate")) assertTrue(m.evidence().contains(m.kept()));
    }
    assertTrue(pairs.stream().map(VerifierData.MinimalPair::kind).distinct().count() >= 3);
  }
}
