package dev.glassbox.verifier;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.eval.RankMetrics;
import dev.glassbox.core.verify.Verdict;
import dev.glassbox.core.verify.Verifier;
import dev.glassbox.core.verify.Verifier.Pair;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxVerifier;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verifier's own views, on held-out data only: minimal pairs from held-out passages (pairwise accuracy), HaluEval
 * QA answers of held-out questions against their passage (AUROC), and WikiBio sentences against the samples,
 * SelfCheck-NLI style (NonFact AUC-PR; WikiBio never trains the verifier). Prints pairs/s as it goes.
 */
public final class VerifierEval {

  /** Samples per WikiBio response read as evidence (each sentence is checked against each). */
  static final int WIKIBIO_SAMPLES = 5;
  /** Minimal pairs drawn (seeded) from all that the held-out passages give. */
  static final int MINIMAL_PAIRS = 500;
  /** Reuters articles read, as {@code glassbox train-verifier} reads by default: their held-out fifth gives minimal pairs. */
  public static final int DEFAULT_REUTERS = 1500;

  private VerifierEval() {}

  /** All three views of the committed verifier (on the CPU) from the dev files in {@code dataDir}. */
  public static void report(Path dataDir, PrintStream out) {
    try (Verifier verifier = new OnnxVerifier(EncoderOptions.DEFAULT)) {
      report(verifier, dataDir, DEFAULT_REUTERS, out);
    }
  }

  /** All three views from the dev files in {@code dataDir}; {@code maxReuters} articles feed the minimal pairs. */
  public static void report(Verifier verifier, Path dataDir, int maxReuters, PrintStream out) {
    out.println("verifier " + verifier.modelName() + " (held out: documents and questions whose id hashes to the held-out fifth; WikiBio never trains it)");
    minimalPairs(verifier, VerifierData.documents(dataDir, maxReuters), out);
    haluEvalQa(verifier, dataDir, out);
    if (Files.exists(dataDir.resolve("wikibio-selfcheck.dev.jsonl"))) wikiBio(verifier, dataDir.resolve("wikibio-selfcheck.dev.jsonl"), out);
  }

  static void minimalPairs(Verifier verifier, List<VerifierData.Document> docs, PrintStream out) {
    List<VerifierData.MinimalPair> pairs = new ArrayList<>(VerifierData.minimalPairs(docs, VerifierData::heldOut, 99));
    java.util.Collections.shuffle(pairs, new java.util.Random(99));
    if (pairs.size() > MINIMAL_PAIRS) pairs = pairs.subList(0, MINIMAL_PAIRS);
    List<Pair> flat = new ArrayList<>();
    for (VerifierData.MinimalPair m : pairs) {
      flat.add(new Pair(m.evidence(), m.kept()));
      flat.add(new Pair(m.evidence(), m.changed()));
    }
    List<Verdict> v = timed(verifier, flat, "minimal pairs", out);
    Map<String, int[]> byKind = new LinkedHashMap<>();
    for (int i = 0; i < pairs.size(); i++) {
      boolean right = v.get(2 * i + 1).unsupported() > v.get(2 * i).unsupported();
      for (String kind : List.of("all", pairs.get(i).kind())) {
        int[] c = byKind.computeIfAbsent(kind, k -> new int[2]);
        c[0] += right ? 1 : 0;
        c[1]++;
      }
    }
    byKind.forEach((kind, c) -> out.printf(Locale.ROOT, "  minimal pairs %-17s pairwise accuracy %.3f (%d pairs)%n", kind, c[0] / (double) c[1], c[1]));
  }

  static void haluEvalQa(Verifier verifier, Path dataDir, PrintStream out) {
    List<VerifierData.QaItem> items = VerifierData.haluEvalQa(dataDir, VerifierData::heldOut);
    List<Verdict> v = timed(verifier, items.stream().map(VerifierData.QaItem::pair).toList(), "halueval-qa", out);
    double[] score = new double[items.size()];
    boolean[] y = new boolean[items.size()];
    for (int i = 0; i < score.length; i++) {
      score[i] = v.get(i).unsupported();
      y[i] = items.get(i).hallucinated();
    }
    out.printf(Locale.ROOT, "  halueval-qa held-out questions: AUROC %.3f (%d answers, claim = question + answer vs passage)%n",
        RankMetrics.auroc(score, y), score.length);
  }

  static void wikiBio(Verifier verifier, Path file, PrintStream out) {
    List<Pair> pairs = new ArrayList<>();
    List<Boolean> nonFact = new ArrayList<>();
    List<Integer> samplesPer = new ArrayList<>();
    for (Call c : VerifierData.calls(file)) {
      if (!(c.labels().get("sentences") instanceof List<?> sentences)) continue;
      List<String> samples = c.samples().subList(0, Math.min(WIKIBIO_SAMPLES, c.samples().size()));
      for (Object o : sentences) {
        Map<?, ?> s = (Map<?, ?>) o;
        String sentence = c.response().substring(((Number) s.get("start")).intValue(), ((Number) s.get("end")).intValue());
        for (String sample : samples) pairs.add(new Pair(sample, sentence));
        samplesPer.add(samples.size());
        nonFact.add(!"accurate".equals(s.get("label")));
      }
    }
    List<Verdict> v = timed(verifier, pairs, "wikibio", out);
    double[] score = new double[nonFact.size()];
    boolean[] y = new boolean[nonFact.size()];
    int k = 0;
    for (int i = 0; i < score.length; i++) {
      double sum = 0;
      for (int j = 0; j < samplesPer.get(i); j++) sum += v.get(k++).unsupported();
      score[i] = sum / Math.max(1, samplesPer.get(i));
      y[i] = nonFact.get(i);
    }
    out.printf(Locale.ROOT, "  wikibio sentences vs %d samples: NonFact AUC-PR %.3f (%d sentences; random 0.756)%n",
        WIKIBIO_SAMPLES, RankMetrics.aucPr(score, y), score.length);
  }

  private static List<Verdict> timed(Verifier verifier, List<Pair> pairs, String what, PrintStream out) {
    long t = System.nanoTime();
    List<Verdict> v = verifier.verify(pairs);
    double s = (System.nanoTime() - t) / 1e9;
    out.printf(Locale.ROOT, "  %s: %d pairs in %.1f s (%.1f pairs/s)%n", what, pairs.size(), s, pairs.size() / s);
    return v;
  }
}
