package dev.glassbox.core.attribution;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.explanation.Explanation.Attribution;
import dev.glassbox.core.explanation.Explanation.Faithfulness;
import dev.glassbox.core.explanation.Explanation.Segment;
import dev.glassbox.core.explanation.Explanation.SentenceAttribution;
import dev.glassbox.core.explanation.Explanation.TokenScore;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Attributes a call's response to its prompt and context segments: runs the configured method on each
 * response sentence's support (within the evaluation budget), averages the sentence scores into
 * call-level segment scores, measures their faithfulness against random scores, and occludes the words
 * of the top segment.
 */
public final class CallAttribution {

  static final int RANDOM_DRAWS = 5;
  static final int TOP_SEGMENTS_PER_SENTENCE = 3;
  static final int TOP_TOKENS = 10;

  private CallAttribution() {}

  /** Attribution of the surrogate's support ({@link SupportTarget}). */
  public static Attribution attribute(String response, List<Span> sentences, List<float[]> sentenceVectors,
      List<AttributionSegment> allSegments, AttributionSettings settings, long seed, int encoderPasses) {
    return attribute(response, sentences, sentenceVectors, allSegments, settings, seed, encoderPasses, null);
  }

  /**
   * @param entailment per sentence, the verifier's P(supported) given each segment alone (index as
   *     {@code allSegments}; 0 where unread): the target is then the verifier's ({@link EntailmentTarget}); null for
   *     the surrogate's
   */
  public static Attribution attribute(String response, List<Span> sentences, List<float[]> sentenceVectors,
      List<AttributionSegment> allSegments, AttributionSettings settings, long seed, int encoderPasses,
      List<double[]> entailment) {
    List<AttributionSegment> segs = allSegments.size() > settings.maxSegments()
        ? allSegments.subList(0, settings.maxSegments()) : allSegments;
    int n = segs.size();
    List<String> texts = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      texts.add(sentences.get(i).of(response));
      targets.add(entailment == null ? new SupportTarget(texts.get(i), sentenceVectors.get(i), segs)
          : new EntailmentTarget(java.util.Arrays.copyOf(entailment.get(i), n)));
    }
    Target call = Target.mean(targets, n);
    int perSentence = Math.max(1, settings.maxEvaluations() / Math.max(1, sentences.size()));
    double[] total = new double[n];
    int evaluations = 0;
    List<SentenceAttribution> perSentenceOut = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      Attributor.Result r = run(targets.get(i), settings, perSentence, seed + i);
      evaluations += r.evaluations();
      for (int j = 0; j < n; j++) total[j] += r.scores()[j] / sentences.size();
      Integer[] order = Eraser.ranking(r.scores());
      List<Segment> top = new ArrayList<>();
      for (int k = 0; k < Math.min(TOP_SEGMENTS_PER_SENTENCE, n); k++) top.add(segment(segs.get(order[k]), r.scores()[order[k]]));
      perSentenceOut.add(new SentenceAttribution(sentences.get(i).start(), sentences.get(i).end(),
          round(targets.get(i).value(Target.all(n, true))), top));
    }
    Eraser.Scores f =
        Eraser.of(call, total, settings.topFraction());
    double rc = 0, rs = 0, ra = 0;
    for (int d = 0; d < RANDOM_DRAWS; d++) {
      var fr = Eraser.of(call, Attributor.random(n, seed * 31 + d).scores(),
          settings.topFraction());
      rc += fr.comprehensiveness() / RANDOM_DRAWS;
      rs += fr.sufficiency() / RANDOM_DRAWS;
      ra += fr.aopc() / RANDOM_DRAWS;
    }
    Integer[] order = Eraser.ranking(total);
    List<Segment> ranked = new ArrayList<>(n);
    for (int k = 0; k < n; k++) ranked.add(segment(segs.get(order[k]), total[order[k]]));
    List<TokenScore> tokens = new ArrayList<>();
    if (n > 0) {
      for (TokenOcclusion.WordScore w : TokenOcclusion.occlude(texts, sentenceVectors, segs, order[0])) {
        if (tokens.size() >= TOP_TOKENS) break;
        tokens.add(new TokenScore(w.source().format(), w.start(), w.end(), w.word(), round(w.score())));
      }
    }
    return new Attribution(settings.method().id(), entailment == null ? AttributionTarget.SURROGATE.id()
        : AttributionTarget.VERIFIER.id(), ranked, new Faithfulness(round(f.comprehensiveness()), round(f.sufficiency()),
        round(f.aopc()), settings.topFraction(), round(rc), round(rs), round(ra)), perSentenceOut, tokens, evaluations,
        encoderPasses);
  }

  /** Runs the configured method within {@code budget} target evaluations. */
  static Attributor.Result run(Target t, AttributionSettings s, int budget, long seed) {
    int n = t.size();
    return switch (s.method()) {
      case LEAVE_ONE_OUT -> Attributor.leaveOneOut(t);
      case SHAPLEY -> Attributor.shapley(t, Math.max(1, Math.min(s.permutations(), budget / (n + 1))), seed);
      case CONTEXTCITE -> Attributor.contextCite(t, Math.max(8, Math.min(s.ablations(), budget - 1)), 0.002, seed);
    };
  }

  private static Segment segment(AttributionSegment s, double score) {
    return new Segment(s.source().format(), s.span().start(), s.span().end(), round(score));
  }
}
