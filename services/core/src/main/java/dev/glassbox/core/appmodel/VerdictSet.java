package dev.glassbox.core.appmodel;

import dev.glassbox.core.explanation.Provenance;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * Which verdicts a per-app model was learned from, so that anyone can tell whether two files saw the same ones: their
 * count by label, the unsure ones left out, the time range, and sha256 of the sorted call keys with their labels.
 */
public record VerdictSet(int count, int hallucinated, int correct, int unsureIgnored, String from, String to,
    String idsSha256) {

  public static VerdictSet of(List<ReviewedCall> calls, int unsureIgnored) {
    int positives = (int) calls.stream().filter(ReviewedCall::hallucinated).count();
    String from = calls.stream().map(ReviewedCall::reviewedAt).filter(t -> t != null).min(Comparator.naturalOrder())
        .map(Object::toString).orElse(null);
    String to = calls.stream().map(ReviewedCall::reviewedAt).filter(t -> t != null).max(Comparator.naturalOrder())
        .map(Object::toString).orElse(null);
    StringBuilder ids = new StringBuilder();
    calls.stream().map(c -> c.key() + '\t' + (c.hallucinated() ? 1 : 0)).sorted().forEach(s -> ids.append(s).append('\n'));
    return new VerdictSet(calls.size(), positives, calls.size() - positives, unsureIgnored, from, to,
        Provenance.sha256(ids.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
