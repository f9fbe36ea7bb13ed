package dev.glassbox.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VerifierLabelTest {

  @Test
  void labelsMapToTheModelsOutputPositionsInAFixedOrder() {
    assertEquals(0, VerifierLabel.SUPPORTED.index());
    assertEquals(1, VerifierLabel.CONTRADICTED.index());
    assertEquals(2, VerifierLabel.NOT_ENOUGH_INFO.index());
    for (VerifierLabel l : VerifierLabel.values()) assertEquals(l, VerifierLabel.ofIndex(l.index()));
  }

  @Test
  void anIndexOutsideTheThreeOutputsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> VerifierLabel.ofIndex(3));
    assertThrows(IllegalArgumentException.class, () -> VerifierLabel.ofIndex(-1));
  }

  @Test
  void labelsAreWrittenInLowerCaseWithDashes() {
    assertEquals("not-enough-info", VerifierLabel.NOT_ENOUGH_INFO.id());
    assertEquals("supported", VerifierLabel.SUPPORTED.id());
  }

  @Test
  void aVerdictIsTheSoftmaxOfTheLogitsInLabelOrder() {
    Verdict v = Verdict.ofLogits(new float[] {9, 0, 2, 1}, 1); // offset 1: logits 0, 2, 1
    double sum = Math.exp(0) + Math.exp(2) + Math.exp(1);
    assertEquals(Math.exp(0) / sum, v.supported(), 1e-12);
    assertEquals(Math.exp(2) / sum, v.of(VerifierLabel.CONTRADICTED), 1e-12);
    assertEquals(1.0, v.supported() + v.contradicted() + v.notEnoughInfo(), 1e-12);
    assertEquals(VerifierLabel.CONTRADICTED, v.label());
    assertEquals(1 - v.supported(), v.unsupported(), 1e-12);
  }

  @Test
  void largeLogitsDoNotOverflow() {
    Verdict v = Verdict.ofLogits(new float[] {1000, 990, -1000}, 0);
    assertEquals(VerifierLabel.SUPPORTED, v.label());
    assertEquals(1.0, v.supported() + v.contradicted() + v.notEnoughInfo(), 1e-12);
  }
}
