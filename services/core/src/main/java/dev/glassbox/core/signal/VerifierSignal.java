package dev.glassbox.core.signal;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import dev.glassbox.core.verify.Verdict;
import dev.glassbox.core.verify.Verifier;
import dev.glassbox.core.verify.Verifier.Pair;
import dev.glassbox.core.verify.VerifierLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verifier's view of each response sentence (a cross-encoder reading evidence and claim together): against its
 * closest source segments (context passages or source material in the prompt) and against each logged sample,
 * SelfCheck-NLI style. Pairs are capped per call (top segments, samples, sentences) and every pair of a batch of
 * calls goes to the verifier in one call.
 */
public final class VerifierSignal {

  /** Source segments per sentence, by sentence-vector similarity. */
  public static final int TOP_SEGMENTS = 2;
  /** Samples per sentence; SelfCheck's figures level off after a handful. */
  public static final int MAX_SAMPLES = 5;
  /** Sentences per call that are verified; later ones keep the cheap signals only. */
  public static final int MAX_SENTENCES = 16;
  /** A verdict probability at least this high decides the sentence's verdict class and gives its reason. */
  public static final double CONFIDENT = 0.7;
  /** The {@code source} of a check against the samples. */
  public static final String SAMPLES = "samples";

  private VerifierSignal() {}

  /**
   * A source segment a sentence can be checked against.
   *
   * @param source where it is ({@code context:kb-1}, {@code prompt:0})
   * @param text what the verifier reads: the segment with its neighbouring sentences
   * @param vector the segment's sentence vector, to choose the closest segments
   */
  public record Segment(String source, String text, float[] vector) {}

  /**
   * The verifier's judgement of one sentence against one kind of evidence.
   *
   * @param notSupported 1 − P(supported): against segments the best one's, against samples the mean
   * @param contradicted P(contradicted): against segments the highest, against samples the mean
   * @param decisive the verdict that decides, when its most probable label is at least {@link #CONFIDENT}; else null
   * @param source where the decisive (else the closest) evidence is
   * @param evidence the decisive segment's text; null for samples
   */
  public record Check(double notSupported, double contradicted, Verdict decisive, String source, String evidence) {

    /** The label the verifier is confident of, or null. */
    public VerifierLabel confidentLabel() {
      return decisive == null ? null : decisive.label();
    }
  }

  /** What one pair checks: a sentence against the evidence of one kind ({@code context}, {@code prompt}, {@code samples}). */
  private record Target(int sentence, String kind, String source, String evidence) {}

  /** The pairs one call needs, and what each is for. */
  public static final class Request {
    private final int sentences;
    private final List<Pair> pairs = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();

    private Request(int sentences) {
      this.sentences = sentences;
    }

    public List<Pair> pairs() {
      return pairs;
    }

    /** Each sentence's checks by kind of evidence (empty for a sentence not verified), from the pairs' verdicts. */
    List<Map<String, Check>> checks(List<Verdict> verdicts) {
      List<Map<String, Check>> out = new ArrayList<>(sentences);
      for (int i = 0; i < sentences; i++) out.add(new LinkedHashMap<>());
      Map<String, List<Integer>> byKey = new LinkedHashMap<>();
      for (int p = 0; p < targets.size(); p++) {
        Target t = targets.get(p);
        byKey.computeIfAbsent(t.sentence() + "|" + t.kind(), k -> new ArrayList<>()).add(p);
      }
      for (List<Integer> ps : byKey.values()) {
        Target first = targets.get(ps.get(0));
        Check c = SAMPLES.equals(first.kind()) ? samples(ps, verdicts) : segments(ps, verdicts);
        out.get(first.sentence()).put(first.kind(), c);
      }
      return out;
    }

    /** Against segments: supported if any supports it, contradicted if any contradicts it; the surest one decides. */
    private Check segments(List<Integer> ps, List<Verdict> verdicts) {
      double supported = 0, contradicted = 0;
      int surest = ps.get(0);
      for (int p : ps) {
        Verdict v = verdicts.get(p);
        supported = Math.max(supported, v.supported());
        contradicted = Math.max(contradicted, v.contradicted());
        if (top(v) > top(verdicts.get(surest))) surest = p;
      }
      Verdict d = verdicts.get(surest);
      Target t = targets.get(surest);
      return new Check(round(1 - supported), round(contradicted), top(d) >= CONFIDENT ? d : null, t.source(), t.evidence());
    }

    /** Against samples: the mean of each probability over the samples. */
    private static Check samples(List<Integer> ps, List<Verdict> verdicts) {
      double s = 0, c = 0, n = 0;
      for (int p : ps) {
        s += verdicts.get(p).supported();
        c += verdicts.get(p).contradicted();
        n += verdicts.get(p).notEnoughInfo();
      }
      Verdict mean = new Verdict(s / ps.size(), c / ps.size(), n / ps.size());
      return new Check(round(1 - mean.supported()), round(mean.contradicted()), top(mean) >= CONFIDENT ? mean : null,
          SAMPLES, null);
    }
  }

  private static double top(Verdict v) {
    return v.of(v.label());
  }

  /**
   * Plans the pairs of one call: each of its first {@link #MAX_SENTENCES} sentences against its
   * {@link #TOP_SEGMENTS} most similar segments (read as {@code kind}) and against its first {@link #MAX_SAMPLES}
   * samples. The cascade: a sentence whose content words a source holds verbatim, in one unbroken run, is not
   * verified against the sources; the cheap signals are sure of it, and the verifier's time goes where they are not.
   *
   * @param sourceTexts the whole source texts (passages or source material in the prompt)
   */
  public static Request plan(String response, List<Span> sentences, List<float[]> sentenceVectors, String kind,
      List<Segment> segments, List<String> sourceTexts, List<String> samples) {
    Request r = new Request(sentences.size());
    for (int i = 0; i < Math.min(sentences.size(), MAX_SENTENCES); i++) {
      String claim = sentences.get(i).of(response);
      boolean quoted = !segments.isEmpty() && Words.longestSharedRun(claim, sourceTexts) >= 1;
      for (Segment s : quoted ? List.<Segment>of() : closest(sentenceVectors.get(i), segments)) {
        add(r, i, kind, s.source(), s.text(), claim);
      }
      for (String sample : samples.subList(0, Math.min(samples.size(), MAX_SAMPLES))) add(r, i, SAMPLES, SAMPLES, sample, claim);
    }
    return r;
  }

  private static void add(Request r, int sentence, String kind, String source, String evidence, String claim) {
    r.pairs.add(new Pair(evidence, claim));
    r.targets.add(new Target(sentence, kind, source, evidence));
  }

  /** The segments most similar to the sentence, most similar first. */
  static List<Segment> closest(float[] sentence, List<Segment> segments) {
    Integer[] order = new Integer[segments.size()];
    double[] sims = new double[segments.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
      sims[k] = Vectors.dot(sentence, segments.get(k).vector());
    }
    Arrays.sort(order, (a, b) -> Double.compare(sims[b], sims[a]));
    List<Segment> out = new ArrayList<>();
    for (int k = 0; k < Math.min(TOP_SEGMENTS, order.length); k++) out.add(segments.get(order[k]));
    return out;
  }

  /**
   * Runs the pairs of all the requests in one {@code verify} call (none when there are none); for each request, each
   * sentence's checks by kind. A null verifier gives null.
   */
  public static List<List<Map<String, Check>>> run(Verifier verifier, List<Request> requests) {
    if (verifier == null) return null;
    List<Pair> all = new ArrayList<>();
    for (Request r : requests) all.addAll(r.pairs());
    List<Verdict> verdicts = all.isEmpty() ? List.of() : verifier.verify(all);
    List<List<Map<String, Check>>> out = new ArrayList<>(requests.size());
    int at = 0;
    for (Request r : requests) {
      out.add(r.checks(verdicts.subList(at, at + r.pairs().size())));
      at += r.pairs().size();
    }
    return out;
  }
}
