package dev.glassbox.store;

import dev.glassbox.core.call.Message;
import dev.glassbox.core.call.Passage;
import dev.glassbox.core.explain.Explanation;
import dev.glassbox.core.explain.Explanation.CallView;
import dev.glassbox.core.explain.Explanation.Consistency;
import dev.glassbox.core.explain.Explanation.GroundedSentence;
import dev.glassbox.core.explain.Explanation.Grounding;
import dev.glassbox.core.explain.Explanation.SentenceRisk;
import dev.glassbox.core.explain.Explanation.TokenUncertainty;
import dev.glassbox.core.explain.Explanation.Uncertainty;
import dev.glassbox.core.explain.SourceRef;
import dev.glassbox.store.ResponseSegments.Mark;
import dev.glassbox.store.ResponseSegments.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the explanation page shows, computed from an explanation: display strings, colours and response pieces,
 * so the template only lays them out (and escapes them).
 */
public record CallPage(String callId, String app, String model, String tenant, String timestamp,
    String hallucinationScore, String hallucinationColor, boolean flagged, String threshold, String summary,
    List<Metric> signals, List<MessageView> prompt, List<PassageView> context, List<String> samples,
    List<Segment> sentences, List<SentenceDetail> sentenceDetails, List<Segment> tokens, List<Metric> uncertainty,
    String jsonUrl, String attributionMethod, List<Metric> attributionMetrics,
    List<SentenceAttributionView> attribution, String occlusionSource, List<Segment> occlusion,
    List<AttentionRowView> attention, List<SimilarView> similar) {

  /** A named number with what it means. */
  public record Metric(String name, String value, String meaning) {}

  public record MessageView(int index, String role, String content) {}

  public record PassageView(String id, String text) {}

  /**
   * One response sentence in the list under the response.
   *
   * @param sourceText the supporting segment itself, when it can be found in the logged call
   */
  public record SentenceDetail(int number, String text, String score, String color, String reason, String source,
      String support, String sourceText) {}

  /**
   * One source segment's part in a response sentence's support, drawn as a bar as long as its share of the
   * sentence's largest absolute score.
   */
  public record SegmentBar(String source, String text, String score, int widthPercent, boolean negative) {}

  /** A response sentence with the segments that support it most. */
  public record SentenceAttributionView(int number, String sentence, String target, List<SegmentBar> segments) {}

  /** The top segment of a response sentence, its words shaded by the attention rollout from the sentence. */
  public record AttentionRowView(int number, String sentence, String source, List<Segment> words) {}

  /** An earlier call like this one (example-based explanation). */
  public record SimilarView(String callId, String url, String similarity, String score, String color,
      boolean flagged, String summary) {}

  public boolean hasAttribution() {
    return !attributionMethod.isEmpty();
  }

  public boolean hasTokens() {
    return !tokens.isEmpty();
  }

  public static CallPage of(Explanation e) {
    return of(e, List.of());
  }

  /** The page of an explanation, with the earlier calls most like it. */
  public static CallPage of(Explanation e, List<ExplanationRepository.SimilarCall> similarCalls) {
    CallView view = e.call();
    String response = view == null || view.response() == null ? "" : view.response();
    List<Message> messages = view == null || view.prompt() == null ? List.of() : view.prompt();
    List<Passage> passages = view == null || view.context() == null ? List.of() : view.context();
    Grounding g = e.grounding();
    Consistency c = e.consistency();
    Uncertainty u = e.uncertainty();
    double risk = e.hallucination().score();

    List<SentenceRisk> risks = e.hallucination().sentences() == null ? List.of() : e.hallucination().sentences();
    List<GroundedSentence> grounded = g == null || g.sentences() == null ? List.of() : g.sentences();
    List<Mark> sentenceMarks = new ArrayList<>();
    List<SentenceDetail> details = new ArrayList<>();
    for (int i = 0; i < risks.size(); i++) {
      SentenceRisk r = risks.get(i);
      GroundedSentence gs = i < grounded.size() ? grounded.get(i) : null;
      String reason = r.reason() == null ? "" : r.reason();
      String source = gs == null || gs.source() == null ? "" : gs.source();
      String support = gs == null ? "" : Shading.number(gs.support());
      String signals = r.signals() == null || r.signals().isEmpty() ? "" : r.signals().entrySet().stream()
          .map(x -> x.getKey() + " " + Shading.number(x.getValue())).collect(java.util.stream.Collectors.joining(", ", " (", ")"));
      String title = "risk " + Shading.number(r.score()) + signals + (reason.isEmpty() ? "" : " - " + reason)
          + (source.isEmpty() ? "" : "; best support " + support + " from " + source);
      sentenceMarks.add(new Mark(r.start(), r.end(), r.score(), title));
      details.add(new SentenceDetail(i + 1, slice(response, r.start(), r.end()), Shading.number(r.score()),
          Shading.risk(r.score()), reason, source, support,
          gs == null ? "" : sourceText(gs, messages, passages)));
    }

    List<Mark> tokenMarks = new ArrayList<>();
    List<Metric> uncertainty = new ArrayList<>();
    if (u != null) {
      for (TokenUncertainty t : u.tokens() == null ? List.<TokenUncertainty>of() : u.tokens()) {
        String title = String.format(Locale.ROOT, "p=%s logprob=%s entropy=%s", Shading.number(t.prob()),
            Shading.number(t.logprob()), Shading.number(t.entropy()));
        tokenMarks.add(new Mark(t.start(), t.end(), 1 - t.prob(), title));
      }
      uncertainty.add(new Metric("uncertainty score", Shading.number(u.score()),
          "1 - geometric mean token probability"));
      uncertainty.add(new Metric("mean log-probability", Shading.number(u.meanLogprob()), "per token, in nats"));
      uncertainty.add(new Metric("perplexity", Shading.number(u.perplexity()), "exp(-mean log-probability)"));
      uncertainty.add(new Metric("mean entropy", Shading.number(u.meanEntropy()),
          "over the logged top alternatives, nats"));
      uncertainty.add(new Metric("max entropy", Shading.number(u.maxEntropy()), "the most hesitant token"));
      uncertainty.add(new Metric("min probability", Shading.number(u.minProb()), "the least likely token"));
      uncertainty.add(new Metric("tokens", Integer.toString(u.tokens() == null ? 0 : u.tokens().size()),
          "logged with log-probabilities"));
    }

    List<Metric> signals = new ArrayList<>();
    signals.add(new Metric("hallucination risk", Shading.number(risk), "combined; higher is more likely wrong"));
    if (g != null) signals.add(new Metric("grounding", Shading.number(g.score()),
        "support by the " + (g.against() == null ? "sources" : g.against()) + "; higher is better supported"));
    if (c != null) {
      signals.add(new Metric("inconsistency", Shading.number(c.score()), "disagreement with the samples"));
      signals.add(new Metric("semantic entropy", Shading.number(c.semanticEntropy()),
          c.clusters() + " meaning cluster(s), nats"));
    }
    if (u != null) signals.add(new Metric("uncertainty", Shading.number(u.score()), "from token probabilities"));
    signals.add(new Metric("encoder passes", Integer.toString(e.encoderPasses()), "texts embedded for this call"));

    Explanation.Attribution a = e.attribution();
    List<Metric> attributionMetrics = new ArrayList<>();
    List<SentenceAttributionView> attribution = new ArrayList<>();
    String occlusionSource = "";
    List<Segment> occlusion = List.of();
    if (a != null) {
      Explanation.Faithfulness f = a.faithfulness();
      if (f != null) {
        attributionMetrics.add(new Metric("comprehensiveness", Shading.number(f.comprehensiveness()),
            "drop in support when the top " + Math.round(100 * f.topFraction()) + "% of segments are removed (random: "
                + Shading.number(f.randomComprehensiveness()) + "); higher means a more faithful explanation"));
        attributionMetrics.add(new Metric("sufficiency", Shading.number(f.sufficiency()),
            "drop in support with only the top segments kept (random: " + Shading.number(f.randomSufficiency())
                + "); lower is better"));
        attributionMetrics.add(new Metric("AOPC", Shading.number(f.aopc()),
            "mean drop along the deletion curve (random: " + Shading.number(f.randomAopc()) + ")"));
      }
      attributionMetrics.add(new Metric("evaluations", Integer.toString(a.evaluations()),
          "times the surrogate target was evaluated (the cost)"));
      List<Explanation.SentenceAttribution> perSentence = a.sentences() == null ? List.of() : a.sentences();
      for (int i = 0; i < perSentence.size(); i++) {
        Explanation.SentenceAttribution sa = perSentence.get(i);
        attribution.add(new SentenceAttributionView(i + 1, slice(response, sa.start(), sa.end()),
            Shading.number(sa.target()), bars(sa.segments() == null ? List.of() : sa.segments(), messages, passages)));
      }
      List<Explanation.TokenScore> words = a.tokens() == null ? List.of() : a.tokens();
      if (!words.isEmpty() && a.segments() != null && !a.segments().isEmpty()) {
        Explanation.Segment top = a.segments().get(0);
        String text = sourceOf(top.source(), messages, passages);
        double max = words.stream().mapToDouble(w -> Math.abs(w.score())).max().orElse(0);
        List<Mark> marks = new ArrayList<>();
        for (Explanation.TokenScore w : words) {
          if (!top.source().equals(w.source()) || w.start() < top.start() || w.end() > top.end()) continue;
          marks.add(new Mark(w.start() - top.start(), w.end() - top.start(), max == 0 ? 0 : Math.abs(w.score()) / max,
              "support falls by " + Shading.number(w.score()) + " without this word"));
        }
        occlusionSource = top.source();
        occlusion = ResponseSegments.cut(slice(text, top.start(), top.end()), marks);
      }
    }
    List<SimilarView> similar = new ArrayList<>();
    for (ExplanationRepository.SimilarCall sc : similarCalls) {
      similar.add(new SimilarView(sc.call().callId(), sc.call().url(), Shading.number(sc.similarity()),
          Shading.number(sc.call().hallucinationScore()), Shading.risk(sc.call().hallucinationScore()),
          sc.call().flagged(), orEmpty(sc.call().summary())));
    }

    List<MessageView> prompt = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      prompt.add(new MessageView(i, orEmpty(messages.get(i).role()), orEmpty(messages.get(i).content())));
    }
    List<PassageView> context = passages.stream().map(p -> new PassageView(orEmpty(p.id()), orEmpty(p.text())))
        .toList();
    List<String> samples = view == null || view.samples() == null ? List.of() : view.samples();

    return new CallPage(e.callId(), orEmpty(e.app()), orEmpty(e.model()), orEmpty(e.tenant()),
        orEmpty(e.timestamp()), Shading.number(risk), Shading.risk(risk), e.hallucination().flagged(),
        Shading.number(e.hallucination().threshold()), orEmpty(e.summary()), signals, prompt, context, samples,
        ResponseSegments.cut(response, sentenceMarks), details,
        u == null ? List.of() : ResponseSegments.cut(response, tokenMarks),
        uncertainty, Links.callJson(e.callId()), a == null ? "" : orEmpty(a.method()), attributionMetrics,
        attribution, occlusionSource, occlusion, attentionRows(a, response, messages, passages), similar);
  }

  private static List<AttentionRowView> attentionRows(Explanation.Attribution a, String response,
      List<Message> messages, List<Passage> passages) {
    List<AttentionRowView> rows = new ArrayList<>();
    if (a == null || a.attention() == null) return rows;
    List<Explanation.AttentionView> views = a.attention();
    for (int i = 0; i < views.size(); i++) {
      Explanation.AttentionView v = views.get(i);
      double max = v.words().stream().mapToDouble(Explanation.TokenScore::score).max().orElse(0);
      List<Mark> marks = new ArrayList<>();
      for (Explanation.TokenScore w : v.words()) {
        marks.add(new Mark(w.start() - v.sourceStart(), w.end() - v.sourceStart(), max == 0 ? 0 : w.score() / max,
            "attention share " + Shading.number(w.score())));
      }
      String segment = slice(sourceOf(v.source(), messages, passages), v.sourceStart(), v.sourceEnd());
      rows.add(new AttentionRowView(i + 1, slice(response, v.start(), v.end()), v.source(),
          ResponseSegments.cut(segment, marks)));
    }
    return rows;
  }

  private static List<SegmentBar> bars(List<Explanation.Segment> segments, List<Message> messages,
      List<Passage> passages) {
    double max = 0;
    for (Explanation.Segment s : segments) max = Math.max(max, Math.abs(s.score()));
    List<SegmentBar> out = new ArrayList<>();
    for (Explanation.Segment s : segments) {
      int width = max == 0 ? 0 : (int) Math.round(100 * Math.abs(s.score()) / max);
      out.add(new SegmentBar(s.source(), slice(sourceOf(s.source(), messages, passages), s.start(), s.end()),
          Shading.number(s.score()), width, s.score() < 0));
    }
    return out;
  }

  /** The text of the segment that best supports a sentence: {@code context:<id>} or {@code prompt:<index>}. */
  private static String sourceText(GroundedSentence gs, List<Message> messages, List<Passage> passages) {
    return slice(sourceOf(gs.source(), messages, passages), gs.sourceStart(), gs.sourceEnd());
  }

  /** The whole passage or message a source names, or "" when the logged call has no such source. */
  private static String sourceOf(String source, List<Message> messages, List<Passage> passages) {
    // A source that is not one of ours shows no excerpt rather than a wrong one.
    return SourceRef.parse(source).flatMap(r -> r.textIn(messages, passages)).orElse("");
  }

  private static String slice(String text, int start, int end) {
    if (text == null) return "";
    int s = Math.max(0, Math.min(start, text.length()));
    int e = Math.max(s, Math.min(end, text.length()));
    return text.substring(s, e);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
