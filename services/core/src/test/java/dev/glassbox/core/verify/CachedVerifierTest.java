package dev.glassbox.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.core.verify.Verifier.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedVerifierTest {

  private static final Verdict SURE = new Verdict(0.9, 0.05, 0.05);

  @Test
  void pairsSeenBeforeAreAnsweredFromTheCacheAndOnlyNewOnesReachTheVerifier() {
    FakeVerifier inner = new FakeVerifier(p -> SURE);
    CachedVerifier cached = new CachedVerifier(inner, 10);
    Pair a = new Pair("evidence a", "claim"), b = new Pair("evidence b", "claim");
    assertEquals(List.of(SURE, SURE), cached.verify(List.of(a, a)));
    assertEquals(List.of(SURE, SURE), cached.verify(List.of(a, b)));
    assertEquals(List.of(List.of(a), List.of(b)), inner.calls());
    cached.verify(List.of(b, a));
    assertEquals(2, inner.calls().size());
  }

  @Test
  void theLeastRecentlyUsedVerdictIsForgottenBeyondTheCapacity() {
    FakeVerifier inner = new FakeVerifier(p -> SURE);
    CachedVerifier cached = new CachedVerifier(inner, 1);
    Pair a = new Pair("a", "claim"), b = new Pair("b", "claim");
    cached.verify(List.of(a));
    cached.verify(List.of(b));
    cached.verify(List.of(a));
    assertEquals(List.of(List.of(a), List.of(b), List.of(a)), inner.calls());
  }
}
