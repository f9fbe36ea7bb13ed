package dev.glassbox.cli;

import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.Passage;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.eval.RankMetrics;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.verify.Verifier;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.signal.SentenceFeatures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import dev.glassbox.core.eval.Variants;
import dev.glassbox.core.redact.RedactionPolicy;
import dev.glassbox.core.redact.Redactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code glassbox eval}: scores a labelled call v1 file and prints, for every signal and for simple
 * baselines side by side, response-level AUROC and, where sentence labels exist, sentence-level
 * AUC-PR for inaccurate sentences (NonFact), for accurate ones with the score negated (Factual), and AUROC.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measure every signal against the labels of a call v1 JSONL file.")
public final class EvalCommand implements Callable<Integer> {

  @Option(names = "--in", required = true, description = "labelled call v1 JSONL file")
  Path in;

  @Mixin
  ModelOption model;

  @Mixin
  BatchOptions batching;

  @Option(names = "--attribution", description = "also evaluate attribution: the true passage hidden among distractors")
  boolean attribution;

  @Option(names = "--variant", description = "also score each call as a constructed variant and compare: "
      + "source-in-prompt (context moved into the prompt) or lengthened (response framed longer, meaning kept)")
  String variant;

  @Mixin
  VerifierOption verifierOption;

  @Option(names = "--verifier-views",
      description = "also print the verifier's own held-out views (minimal pairs, HaluEval QA, WikiBio) from the dev files beside --in")
  boolean verifierViews;

  @Option(names = "--simulate-review", description = "instead of the signal report: reviewers simulated with the labels "
      + "(per-app calibration from --verdicts random verdicts, and verdicts to a target precision by review order)")
  boolean simulateReview;

  @Option(names = "--scored", description = "with --simulate-review: the explanations glassbox score wrote for --in "
      + "(default: score --in now)")
  Path scoredFile;

  @Option(names = "--verdicts", defaultValue = "200", description = "with --simulate-review: simulated verdicts for the "
      + "calibration (default: ${DEFAULT-VALUE})")
  int verdicts;

  @Option(names = "--target-precision", defaultValue = "0.9", description = "with --simulate-review: flag precision to "
      + "reach (default: ${DEFAULT-VALUE})")
  double targetPrecision;

  @Option(names = "--seeds", defaultValue = "5", description = "with --simulate-review: seeds to repeat over (default: ${DEFAULT-VALUE})")
  int seeds;

  @Option(names = "--budget", defaultValue = "1000", description = "with --simulate-review: most verdicts per order (default: ${DEFAULT-VALUE})")
  int budget;

  @Option(names = "--distractors", defaultValue = "3", description = "distractor passages per call (default: ${DEFAULT-VALUE})")
  int distractors;

  /** The kinds of evidence the verifier reads a sentence against: a source (context or prompt), or the samples. */
  private static final List<String> SOURCES = List.of(SentenceFeatures.CONTEXT, SentenceFeatures.PROMPT);
  private static final List<String> SAMPLES = List.of(SentenceFeatures.SAMPLES);

  /** Sentence i's verifier feature number {@code feature} against the first of {@code kinds} it has, or null. */
  static Double verifierSignal(Explanation e, int i, List<String> kinds, int feature) {
    Map<String, Double> signals = e.hallucination().sentences().get(i).signals();
    if (signals == null) return null;
    for (String kind : kinds) {
      Double v = signals.get(SentenceFeatures.verifierKey(kind, SentenceFeatures.VERIFIER_FEATURES.get(feature)));
      if (v != null) return v;
    }
    return null;
  }

  /** The verifier feature of every sentence that has it. */
  private static List<Double> verifierSignals(Explanation e, List<String> kinds, int feature) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < e.hallucination().sentences().size(); i++) out.add(verifierSignal(e, i, kinds, feature));
    return out;
  }

  /** A call with its explanation, as scored. */
  record Scored(Call call, Explanation e) {}

  /** A response-level signal: a score where higher means more likely hallucinated, or null when absent. */
  static final Map<String, BiFunction<Call, Explanation, Double>> RESPONSE = new LinkedHashMap<>();
  /** A sentence-level signal at sentence index i of the explanation. */
  interface SentenceSignal {
    Double score(Call c, Explanation e, int i);
  }
  static final Map<String, SentenceSignal> SENTENCE = new LinkedHashMap<>();

  /** A figure of the response's reasoning; null when it was not read as a chain. */
  private static Double reasoning(Explanation e, java.util.function.Function<Explanation.Reasoning, Double> f) {
    return e.prompting() == null || e.prompting().reasoning() == null ? null : f.apply(e.prompting().reasoning());
  }

  static {
    RESPONSE.put("hallucination.score", (c, e) -> e.hallucination().score());
    RESPONSE.put("grounding (1 - score)", (c, e) -> e.grounding() == null ? null : 1 - e.grounding().score());
    RESPONSE.put("grounding: mean novelty", (c, e) -> e.grounding() == null ? null
        : e.grounding().sentences().stream().mapToDouble(g -> g.novelty()).average().orElse(0));
    RESPONSE.put("grounding: 1 - mean similarity", (c, e) -> e.grounding() == null ? null
        : 1 - e.grounding().sentences().stream().mapToDouble(g -> g.similarity()).average().orElse(0));
    RESPONSE.put("grounding: 1 - mean token alignment", (c, e) -> e.grounding() == null ? null
        : meanOf(e.grounding().sentences().stream().map(g -> g.tokenAlignment() == null ? null : 1 - g.tokenAlignment()).toList()));
    for (String group : SentenceFeatures.GROUPS) {
      RESPONSE.put("learned risk: " + group, (c, e) -> meanOf(e.hallucination().sentences().stream()
          .map(r -> r.signals() == null ? null : r.signals().get(group)).toList()));
    }
    RESPONSE.put("verifier: sources 1 - P(supported)", (c, e) -> meanOf(verifierSignals(e, SOURCES, 0)));
    RESPONSE.put("verifier: sources max P(contradicted)", (c, e) -> maxOf(verifierSignals(e, SOURCES, 1)));
    RESPONSE.put("verifier: samples 1 - P(supported)", (c, e) -> meanOf(verifierSignals(e, SAMPLES, 0)));
    RESPONSE.put("consistency.score", (c, e) -> e.consistency() == null ? null : e.consistency().score());
    RESPONSE.put("consistency: mean token disagreement", (c, e) -> e.consistency() == null ? null
        : meanOf(e.consistency().sentences().stream().map(x -> x.tokenAlignment()).toList()));
    RESPONSE.put("consistency.semantic_entropy", (c, e) -> e.consistency() == null ? null : e.consistency().semanticEntropy());
    RESPONSE.put("reasoning: 1 - answer agreement (vote)", (c, e) -> reasoning(e, r -> r.agreement() == null ? null : 1 - r.agreement()));
    RESPONSE.put("reasoning: 1 - intermediate agreement", (c, e) -> reasoning(e, r -> r.intermediateAgreement() == null ? null
        : 1 - r.intermediateAgreement()));
    RESPONSE.put("reasoning: unused question numbers", (c, e) -> reasoning(e, r -> r.unusedSourceNumbers()));
    RESPONSE.put("reasoning: arithmetic errors", (c, e) -> reasoning(e, r -> r.arithmeticErrors() == null ? 0.0 : r.arithmeticErrors()));
    RESPONSE.put("reasoning: answer reached by no step", (c, e) -> reasoning(e, r -> r.answerSupported() == null ? null
        : r.answerSupported() ? 0.0 : 1.0));
    RESPONSE.put("uncertainty.score", (c, e) -> e.uncertainty() == null ? null : e.uncertainty().score());
    RESPONSE.put("uncertainty.mean_entropy", (c, e) -> e.uncertainty() == null ? null : e.uncertainty().meanEntropy());
    RESPONSE.put("baseline: response length", (c, e) -> (double) c.response().length());
    RESPONSE.put("baseline: words absent from context", (c, e) -> novelFraction(c.response(), reference(c)));
    RESPONSE.put("baseline: mean token NLL", (c, e) -> e.uncertainty() == null ? null : -e.uncertainty().meanLogprob());
    RESPONSE.put("baseline: max token NLL", (c, e) -> e.uncertainty() == null ? null : -Math.log(Math.max(1e-12, e.uncertainty().minProb())));

    SENTENCE.put("hallucination", (c, e, i) -> e.hallucination().sentences().get(i).score());
    SENTENCE.put("verdict not supported", (c, e, i) -> {
      String v = e.hallucination().sentences().get(i).verdict();
      return v == null || "unverifiable".equals(v) ? null : "supported".equals(v) ? 0.0 : 1.0;
    });
    SENTENCE.put("grounding (1 - support)", (c, e, i) -> e.grounding() == null ? null : 1 - e.grounding().sentences().get(i).support());
    SENTENCE.put("grounding: token misalignment", (c, e, i) -> e.grounding() == null
        || e.grounding().sentences().get(i).tokenAlignment() == null ? null : 1 - e.grounding().sentences().get(i).tokenAlignment());
    for (String group : SentenceFeatures.GROUPS) {
      SENTENCE.put("learned risk: " + group, (c, e, i) -> e.hallucination().sentences().get(i).signals() == null ? null
          : e.hallucination().sentences().get(i).signals().get(group));
    }
    SENTENCE.put("verifier: sources 1 - P(supported)", (c, e, i) -> verifierSignal(e, i, SOURCES, 0));
    SENTENCE.put("verifier: sources P(contradicted)", (c, e, i) -> verifierSignal(e, i, SOURCES, 1));
    SENTENCE.put("verifier: samples 1 - P(supported)", (c, e, i) -> verifierSignal(e, i, SAMPLES, 0));
    SENTENCE.put("verifier: samples P(contradicted)", (c, e, i) -> verifierSignal(e, i, SAMPLES, 1));
    SENTENCE.put("consistency", (c, e, i) -> e.consistency() == null ? null : e.consistency().sentences().get(i).score());
    SENTENCE.put("consistency: token-vector view (BERTScore)", (c, e, i) -> e.consistency() == null ? null
        : e.consistency().sentences().get(i).tokenAlignment());
    SENTENCE.put("consistency: unigram view (mean)", (c, e, i) -> e.consistency() == null ? null
        : e.consistency().sentences().get(i).ngram());
    SENTENCE.put("consistency: unigram view (max)", (c, e, i) -> e.consistency() == null ? null
        : e.consistency().sentences().get(i).ngramMax());
    SENTENCE.put("consistency: semantic view", (c, e, i) -> e.consistency() == null ? null : e.consistency().sentences().get(i).semantic());
    SENTENCE.put("consistency: lexical view", (c, e, i) -> e.consistency() == null ? null : e.consistency().sentences().get(i).lexical());
    SENTENCE.put("baseline: sentence length", (c, e, i) -> (double) (e.hallucination().sentences().get(i).end() - e.hallucination().sentences().get(i).start()));
    SENTENCE.put("baseline: words absent from context/samples", (c, e, i) -> {
      var s = e.hallucination().sentences().get(i);
      return novelFraction(c.response().substring(s.start(), s.end()), reference(c));
    });
  }

  @Override
  public Integer call() throws Exception {
    if (simulateReview && scoredFile != null) {
      ReviewSimulationReport.report(in.getFileName().toString(), ReviewSimulationReport.join(in, scoredFile), verdicts,
          targetPrecision, seeds, budget, System.out);
      return 0;
    }
    HallucinationModel hallucinationModel = model.loadOrExplain("eval");
    if (hallucinationModel == null) return 2;
    try (AttentionEncoder encoder = Commands.encoder(); Verifier verifier = verifierOption.open()) {
      CallExplainer explainer = new CallExplainer(encoder,
          new ExplainerSettings(0.5, true, AttributionSettings.DEFAULT.withMode(AttributionMode.OFF)), hallucinationModel,
          verifier);
      List<Scored> scored = score(in, explainer, batching.batch, batching.noProgress, UnaryOperator.identity());
      if (simulateReview) {
        ReviewSimulationReport.report(in.getFileName().toString(), scored, verdicts, targetPrecision, seeds, budget,
            System.out);
        return 0;
      }
      report(scored, System.out);
      if (variant != null) {
        UnaryOperator<Call> v = switch (variant) {
          case "source-in-prompt" -> Variants::sourceInPrompt;
          case "lengthened" -> Variants::lengthened;
          default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
              "--variant '" + variant + "': use source-in-prompt or lengthened");
        };
        List<Scored> varied = score(in, explainer, batching.batch, batching.noProgress, v);
        out("Variant " + variant);
        report(varied, System.out);
        VerdictReport.compare(scored, varied, System.out);
      }
      if (attribution) {
        AttributionEval.report(scored.stream().map(Scored::call).toList(), encoder, verifier, distractors,
            batching.batch, System.out);
      }
    }
    if (verifierViews) dev.glassbox.verifier.VerifierEval.report(in.toAbsolutePath().getParent(), System.out);
    return 0;
  }

  /** Scores a labelled file, each explanation with the call it explains; prints the throughput on stderr. */
  static List<Scored> score(Path in, CallExplainer explainer, int batch, boolean quiet, UnaryOperator<Call> variant)
      throws java.io.IOException {
    List<Explanation> explanations = new ArrayList<>();
    Map<String, Call> byId = new LinkedHashMap<>();
    ScoreCommand.Totals t = ScoreCommand.score(in, variant, explainer, new Redactor(RedactionPolicy.OFF), batch, quiet,
        explanations::add, System.err, byId);
    System.err.printf(Locale.ROOT, "scored %d calls from %s in %.1f s (%.1f calls/s)%n", t.explained(), in.getFileName(),
        t.seconds(), t.callsPerSecond());
    List<Scored> out = new ArrayList<>(explanations.size());
    for (Explanation e : explanations) out.add(new Scored(byId.get(e.callId()), e));
    return out;
  }

  /** A labelled sentence of {@code labels.sentences}, matched to the explanation's sentence it overlaps most. */
  record LabelledSentence(int index, boolean hallucinated) {}

  /** The call's labelled sentences that match one of its explanation's sentences; none without sentence labels. */
  static List<LabelledSentence> labelledSentences(Scored s) {
    if (!(s.call().labels().get("sentences") instanceof List<?> sentences)) return List.of();
    List<LabelledSentence> out = new ArrayList<>();
    for (Object o : sentences) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("hallucinated") instanceof Boolean h)) continue;
      int best = matchSentence(s.e(), ((Number) m.get("start")).intValue(), ((Number) m.get("end")).intValue());
      if (best >= 0) out.add(new LabelledSentence(best, h));
    }
    return out;
  }

  private static void out(String heading) {
    System.out.println();
    System.out.println("== " + heading + " ==");
  }

  static void report(List<Scored> scored, PrintStream out) {
    VerdictReport.evidence(scored, out);
    responseLevel(scored, out);
    lengthControlled(scored, out);
    sentenceLevel(scored, out);
  }

  /** AUROC of each response-level signal against {@code labels.hallucinated}. */
  private static void responseLevel(List<Scored> scored, PrintStream out) {
    out.println("Response level (positive = labels.hallucinated)");
    out.printf(Locale.ROOT, "  %-40s %8s %6s%n", "signal", "AUROC", "n");
    for (var entry : RESPONSE.entrySet()) {
      List<Double> s = new ArrayList<>();
      List<Boolean> y = new ArrayList<>();
      for (Scored sc : scored) {
        Object label = sc.call().labels().get("hallucinated");
        Double v = entry.getValue().apply(sc.call(), sc.e());
        if (!(label instanceof Boolean b) || v == null) continue;
        s.add(v);
        y.add(b);
      }
      if (s.isEmpty()) continue;
      out.printf(Locale.ROOT, "  %-40s %8.3f %6d%n", entry.getKey(), RankMetrics.auroc(toArray(s), toBool(y)), s.size());
    }
  }

  /** A labelled sentence with the scored call it belongs to. */
  private record SentenceRow(Scored scored, LabelledSentence sentence) {}

  /** AUC-PR for each class and AUROC of each sentence-level signal; nothing without sentence labels. */
  private static void sentenceLevel(List<Scored> scored, PrintStream out) {
    List<SentenceRow> rows = new ArrayList<>();
    for (Scored sc : scored) for (LabelledSentence l : labelledSentences(sc)) rows.add(new SentenceRow(sc, l));
    if (rows.isEmpty()) return;
    long positives = rows.stream().filter(r -> r.sentence().hallucinated()).count();
    out.printf(Locale.ROOT, "Sentence level (%d labelled sentences, %.1f%% inaccurate; matched by character overlap)%n",
        rows.size(), 100.0 * positives / rows.size());
    out.printf(Locale.ROOT, "  %-40s %8s %8s %8s%n", "signal", "NonFact", "Factual", "AUROC");
    for (var entry : SENTENCE.entrySet()) {
      List<Double> s = new ArrayList<>();
      List<Boolean> y = new ArrayList<>();
      for (SentenceRow r : rows) {
        Double v = entry.getValue().score(r.scored().call(), r.scored().e(), r.sentence().index());
        if (v == null) continue;
        s.add(v);
        y.add(r.sentence().hallucinated());
      }
      if (s.isEmpty()) continue;
      double[] sa = toArray(s);
      boolean[] ya = toBool(y);
      double[] neg = new double[sa.length];
      boolean[] factual = new boolean[ya.length];
      for (int i = 0; i < sa.length; i++) {
        neg[i] = -sa[i];
        factual[i] = !ya[i];
      }
      out.printf(Locale.ROOT, "  %-40s %8.3f %8.3f %8.3f%n", entry.getKey(), RankMetrics.aucPr(sa, ya),
          RankMetrics.aucPr(neg, factual), RankMetrics.auroc(sa, ya));
    }
  }

  /**
   * AUROC within response-length strata (word-count quartiles), averaged with weights by stratum size,
   * for the combined score and for length itself: a detector that only rediscovers length drops to
   * about 0.5 here.
   */
  static void lengthControlled(List<Scored> scored, PrintStream out) {
    List<Scored> labelled = scored.stream().filter(s -> s.call().labels().get("hallucinated") instanceof Boolean)
        .filter(s -> s.e().hallucination().checkable())
        .sorted(java.util.Comparator.comparingInt(s -> words(s.call().response()).size())).toList();
    if (labelled.size() < 40) return;
    int bins = 4;
    double[] sums = new double[2];
    int used = 0;
    for (int b = 0; b < bins; b++) {
      List<Scored> bin = labelled.subList(b * labelled.size() / bins, (b + 1) * labelled.size() / bins);
      double[] h = new double[bin.size()], len = new double[bin.size()];
      boolean[] y = new boolean[bin.size()];
      for (int i = 0; i < bin.size(); i++) {
        h[i] = bin.get(i).e().hallucination().score();
        len[i] = bin.get(i).call().response().length();
        y[i] = (Boolean) bin.get(i).call().labels().get("hallucinated");
      }
      double a = RankMetrics.auroc(h, y), l = RankMetrics.auroc(len, y);
      if (Double.isNaN(a)) continue;
      sums[0] += a * bin.size();
      sums[1] += l * bin.size();
      used += bin.size();
    }
    if (used == 0) return;
    out.printf(Locale.ROOT, "Within response-length quartiles (%d of %d calls in quartiles with both classes): "
        + "hallucination.score AUROC %.3f, response length AUROC %.3f%n", used, labelled.size(), sums[0] / used, sums[1] / used);
  }

  /** The explanation sentence that overlaps the labelled range most, or -1. */
  static int matchSentence(Explanation e, int start, int end) {
    int best = -1, bestOverlap = 0;
    var sentences = e.hallucination().sentences();
    for (int i = 0; i < sentences.size(); i++) {
      int overlap = Math.min(end, sentences.get(i).end()) - Math.max(start, sentences.get(i).start());
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = i;
      }
    }
    return best;
  }

  /** What a response could be copied from: the context, else the samples, else the prompt. */
  static String reference(Call c) {
    if (c.hasContext()) return String.join("\n", c.context().stream().map(Passage::text).toList());
    if (c.hasSamples()) return String.join("\n", c.samples());
    return c.promptText();
  }

  static double novelFraction(String text, String reference) {
    Set<String> ref = new HashSet<>(words(reference));
    List<String> w = words(text);
    if (w.isEmpty()) return 0;
    return w.stream().filter(x -> !ref.contains(x)).count() / (double) w.size();
  }

  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    for (String w : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) if (!w.isEmpty()) out.add(w);
    return out;
  }

  /** Mean of the values present, or null when none is. */
  static Double meanOf(List<Double> values) {
    double sum = 0;
    int n = 0;
    for (Double v : values) {
      if (v == null) continue;
      sum += v;
      n++;
    }
    return n == 0 ? null : sum / n;
  }

  static Double maxOf(List<Double> values) {
    return values.stream().filter(v -> v != null).max(Double::compare).orElse(null);
  }

  private static double[] toArray(List<Double> l) {
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) a[i] = l.get(i);
    return a;
  }

  private static boolean[] toBool(List<Boolean> l) {
    boolean[] a = new boolean[l.size()];
    for (int i = 0; i < a.length; i++) a[i] = l.get(i);
    return a;
  }
}
