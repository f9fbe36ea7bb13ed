package dev.glassbox.core.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A verifier whose verdicts a test chooses per pair; it records every call it gets. */
public final class FakeVerifier implements Verifier {

  private final Function<Pair, Verdict> verdicts;
  private final List<List<Pair>> calls = new ArrayList<>();

  public FakeVerifier(Function<Pair, Verdict> verdicts) {
    this.verdicts = verdicts;
  }

  @Override
  public List<Verdict> verify(List<Pair> pairs) {
    calls.add(List.copyOf(pairs));
    return pairs.stream().map(verdicts).toList();
  }

  /** The pairs of each verify call, in order. */
  public List<List<Pair>> calls() {
    return calls;
  }

  @Override
  public String modelName() {
    return "fake-verifier";
  }

  @Override
  public void close() {}
}
