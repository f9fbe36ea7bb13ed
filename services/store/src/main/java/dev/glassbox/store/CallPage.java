package dev.glassbox.store;

import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.call.Passage;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.Provenance;
import dev.glassbox.core.explanation.Explanation.CallView;
import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.GroundedSentence;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.SentenceRisk;
import dev.glassbox.core.explanation.Explanation.TokenUncertainty;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.store.ResponseSegments.Mark;
import dev.glassbox.store.ResponseSegments.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the explanation page shows, computed from an explanation: display strings, colours and response pieces,
 * so the template only lays them out (and escapes them). One part per section of the page.
 */
public record CallPage(Header header, SentenceView sentences, TokenView tokens, AttributionView attribution,
    List<SimilarView> similar, List<Metric> signals, Texts texts, List<Metric> provenance, PromptingView prompting) {

  /**
   * The prompting view: each demonstration with its influence bar (copied ones named), and the reasoning chain with a
   * verdict per step and one for the answer. Empty when the explanation has no prompting block.
   */
  public record PromptingView(List<SegmentBar> demonstrations, List<StepView> steps, String answer, String answerVerdict) {
    static final PromptingView NONE = new PromptingView(List.of(), List.of(), "", "");

    public boolean shown() {
      return !demonstrations.isEmpty() || !steps.isEmpty();
    }
  }

  /** One reasoning step and its verdict. */
  public record StepView(int number, String text, String verdict, String reason) {}

  /** The call's identity and its overall verdict. */
  public record Header(String callId, String app, String model, String tenant, String timestamp, String jsonUrl,
      String hallucinationScore, String hallucinationColor, boolean flagged, String threshold, String evidence,
      String summary) {}

  /** The response shaded by sentence, and each sentence's risk, reason and best support. */
  public record SentenceView(List<Segment> response, List<SentenceDetail> details) {}

  /** The response shaded by token uncertainty, with the call's uncertainty figures; empty without log-probabilities. */
  public record TokenView(List<Segment> response, List<Metric> metrics) {}

  /**
   * What in the prompt and context supports each sentence; {@code method} is empty when the call has no attribution.
   *
   * @param occlusionSource the top segment's source, whose words {@code occlusion} shades
   */
  public record AttributionView(String method, List<Metric> metrics, List<SentenceAttributionView> sentences,
      String occlusionSource, List<Segment> occlusion, List<AttentionRowView> attention) {

    static final AttributionView NONE = new AttributionView("", List.of(), List.of(), "", List.of(), List.of());
  }

  /** The logged texts of the call. */
  public record Texts(List<MessageView> prompt, List<PassageView> context, List<String> samples) {}

  /** A named number with what it means. */
  public record Metric(String name, String value, String meaning) {}

  public record MessageView(int index, String role, String content) {}

  public record PassageView(String id, String text) {}

  /**
   * One response sentence in the list under the response.
   *
   * @param verdict supported, contradicted, unsupported or unverifiable; "" for explanations stored before verdicts
   * @param sourceText the supporting segment itself, when it can be found in the logged call
   */
  public record SentenceDetail(int number, String text, String score, String color, String verdict, String reason,
      String source, String support, String sourceText) {}

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
    return !attribution.method().isEmpty();
  }

  public boolean hasTokens() {
    return !tokens.response().isEmpty();
  }

  public static CallPage of(Explanation e) {
    return of(e, List.of());
  }

  /** The page of an explanation, with the earlier calls most like it. */
  public static CallPage of(Explanation e, List<ExplanationRepository.SimilarCall> similarCalls) {
    Logged call = Logged.of(e.call());
    return new CallPage(header(e), sentences(e, call), tokens(e.uncertainty(), call.response()),
        e.attribution() == null ? AttributionView.NONE : attribution(e.attribution(), call),
        similar(similarCalls), signals(e), texts(e.call(), call), provenance(e.provenance()), prompting(e.prompting(), call));
  }

  /** Demonstrations with influence bars scaled to the largest, and the chain's steps and answer with their verdicts. */
  private static PromptingView prompting(Explanation.Prompting p, Logged call) {
    if (p == null) return PromptingView.NONE;
    List<SegmentBar> demos = new ArrayList<>();
    double max = 1e-9;
    for (Explanation.DemonstrationView d : p.demonstrations()) max = Math.max(max, Math.abs(d.influence()));
    for (Explanation.DemonstrationView d : p.demonstrations()) {
      String output = slice(call.source(d.outputSource()), d.outputStart(), d.outputEnd());
      String text = (d.copied() ? "[copied, copy " + Shading.number(d.copy()) + "] " : "") + "output: " + output;
      demos.add(new SegmentBar(d.segment(), text, Shading.number(d.influence()),
          (int) Math.round(100 * Math.abs(d.influence()) / max), d.influence() < 0));
    }
    Explanation.Reasoning r = p.reasoning();
    if (r == null) return new PromptingView(demos, List.of(), "", "");
    List<StepView> steps = new ArrayList<>();
    for (int i = 0; i < r.steps().size(); i++) {
      Explanation.ReasoningStep s = r.steps().get(i);
      steps.add(new StepView(i + 1, call.response(s.start(), s.end()), s.verdict(), s.reason()));
    }
    String verdict = r.answerSupported() == null ? "not a number: not checked"
        : Boolean.TRUE.equals(r.answerFollows()) ? "follows from the last step"
        : r.answerSupported() ? "reached by a step, but not the last" : "reached by no step";
    if (r.agreement() != null) verdict += "; " + Math.round(r.agreement() * 100) + "% of samples agree";
    return new PromptingView(demos, steps, orEmpty(r.answer().text()), verdict);
  }

  /** What made the explanation; empty for explanations stored before provenance existed. */
  private static List<Metric> provenance(Provenance p) {
    if (p == null) return List.of();
    return List.of(new Metric("Glassbox", orEmpty(p.glassboxVersion()) + " (commit " + orEmpty(p.glassboxCommit())
            + ")", "the build that explained the call"),
        new Metric("Encoder", orEmpty(p.encoderModel()), "sha256 " + orEmpty(p.encoderSha256())),
        new Metric("Hallucination model", "v" + p.hallucinationModelVersion(),
            "sha256 " + orEmpty(p.hallucinationModelSha256())),
        new Metric("Settings", shortHash(p.settingsSha256()), "sha256 of the explainer settings that change results"),
        new Metric("Explained at", orEmpty(p.explainedAt()), "when this explanation was made"));
  }

  private static String shortHash(String hash) {
    return hash == null ? "" : hash.length() > 16 ? hash.substring(0, 16) : hash;
  }

  /** The texts of the logged call that the page points into; never null. */
  private record Logged(String response, List<Message> prompt, List<Passage> context) {

    static Logged of(CallView view) {
      if (view == null) return new Logged("", List.of(), List.of());
      return new Logged(orEmpty(view.response()), view.prompt() == null ? List.of() : view.prompt(),
          view.context() == null ? List.of() : view.context());
    }

    /** The part of the response between two offsets, clamped to it. */
    String response(int start, int end) {
      return slice(response, start, end);
    }

    /** The whole passage or message a source names, or "" when the logged call has no such source. */
    String source(String source) {
      // A source that is not one of ours shows no excerpt rather than a wrong one.
      return SourceRef.parse(source).flatMap(r -> r.textIn(prompt, context)).orElse("");
    }
  }

  private static Header header(Explanation e) {
    Double risk = e.hallucination().score();
    return new Header(e.callId(), orEmpty(e.app()), orEmpty(e.model()), orEmpty(e.tenant()), orEmpty(e.timestamp()),
        Links.callJson(new CallKey(e.tenant(), e.callId())), risk == null ? "not checkable" : Shading.number(risk),
        Shading.risk(risk), e.hallucination().flagged(), Shading.number(e.hallucination().threshold()),
        orEmpty(e.hallucination().evidence()), orEmpty(e.summary()));
  }

  private static SentenceView sentences(Explanation e, Logged call) {
    List<SentenceRisk> risks = e.hallucination().sentences() == null ? List.of() : e.hallucination().sentences();
    Grounding g = e.grounding();
    List<GroundedSentence> grounded = g == null || g.sentences() == null ? List.of() : g.sentences();
    List<Mark> marks = new ArrayList<>();
    List<SentenceDetail> details = new ArrayList<>();
    for (int i = 0; i < risks.size(); i++) {
      SentenceRisk r = risks.get(i);
      GroundedSentence gs = i < grounded.size() ? grounded.get(i) : null;
      String reason = orEmpty(r.reason());
      String source = gs == null || gs.source() == null ? "" : gs.source();
      String support = gs == null ? "" : Shading.number(gs.support());
      String verdict = orEmpty(r.verdict());
      String title = (verdict.isEmpty() ? "" : verdict + ", ") + "risk " + Shading.number(r.score()) + signalList(r)
          + (reason.isEmpty() ? "" : " - " + reason) + (source.isEmpty() ? "" : "; best support " + support + " from " + source);
      marks.add(new Mark(r.start(), r.end(), r.score() == null ? Double.NaN : r.score(), title));
      details.add(new SentenceDetail(i + 1, call.response(r.start(), r.end()), Shading.number(r.score()),
          Shading.risk(r.score()), verdict, reason, source, support,
          gs == null ? "" : slice(call.source(gs.source()), gs.sourceStart(), gs.sourceEnd())));
    }
    return new SentenceView(ResponseSegments.cut(call.response(), marks), details);
  }

  /** The learned risk of each kind of evidence of a sentence, e.g. " (context 0.158, samples 0.057)". */
  private static String signalList(SentenceRisk r) {
    if (r.signals() == null || r.signals().isEmpty()) return "";
    return r.signals().entrySet().stream().map(x -> x.getKey() + " " + Shading.number(x.getValue()))
        .collect(Collectors.joining(", ", " (", ")"));
  }

  private static TokenView tokens(Uncertainty u, String response) {
    if (u == null) return new TokenView(List.of(), List.of());
    List<TokenUncertainty> tokens = u.tokens() == null ? List.of() : u.tokens();
    List<Mark> marks = new ArrayList<>();
    for (TokenUncertainty t : tokens) {
      String title = String.format(Locale.ROOT, "p=%s logprob=%s entropy=%s", Shading.number(t.prob()),
          Shading.number(t.logprob()), Shading.number(t.entropy()));
      marks.add(new Mark(t.start(), t.end(), 1 - t.prob(), title));
    }
    List<Metric> metrics = List.of(
        new Metric("uncertainty score", Shading.number(u.score()), "1 - geometric mean token probability"),
        new Metric("mean log-probability", Shading.number(u.meanLogprob()), "per token, in nats"),
        new Metric("perplexity", Shading.number(u.perplexity()), "exp(-mean log-probability)"),
        new Metric("mean entropy", Shading.number(u.meanEntropy()), "over the logged top alternatives, nats"),
        new Metric("max entropy", Shading.number(u.maxEntropy()), "the most hesitant token"),
        new Metric("min probability", Shading.number(u.minProb()), "the least likely token"),
        new Metric("tokens", Integer.toString(tokens.size()), "logged with log-probabilities"));
    return new TokenView(ResponseSegments.cut(response, marks), metrics);
  }

  private static List<Metric> signals(Explanation e) {
    Grounding g = e.grounding();
    Consistency c = e.consistency();
    Uncertainty u = e.uncertainty();
    List<Metric> signals = new ArrayList<>();
    signals.add(new Metric("hallucination risk", Shading.number(e.hallucination().score()),
        "probability the response is wrong, from the evidence: " + orEmpty(e.hallucination().evidence())));
    if (g != null) signals.add(new Metric("grounding", Shading.number(g.score()),
        "support by the " + (g.against() == null ? "sources" : g.against()) + "; higher is better supported"));
    if (c != null) {
      signals.add(new Metric("inconsistency", Shading.number(c.score()), "disagreement with the samples"));
      signals.add(new Metric("semantic entropy", Shading.number(c.semanticEntropy()),
          c.clusters() + " meaning cluster(s), nats"));
    }
    if (u != null) signals.add(new Metric("uncertainty", Shading.number(u.score()), "from token probabilities"));
    signals.add(new Metric("encoder passes", Integer.toString(e.encoderPasses()), "texts embedded for this call"));
    return signals;
  }

  private static AttributionView attribution(Explanation.Attribution a, Logged call) {
    List<Metric> metrics = new ArrayList<>(faithfulness(a.faithfulness()));
    metrics.add(new Metric("evaluations", Integer.toString(a.evaluations()),
        "times the surrogate target was evaluated (the cost)"));
    List<Explanation.SentenceAttribution> perSentence = a.sentences() == null ? List.of() : a.sentences();
    List<SentenceAttributionView> sentences = new ArrayList<>();
    for (int i = 0; i < perSentence.size(); i++) {
      Explanation.SentenceAttribution sa = perSentence.get(i);
      sentences.add(new SentenceAttributionView(i + 1, call.response(sa.start(), sa.end()),
          Shading.number(sa.target()), bars(sa.segments() == null ? List.of() : sa.segments(), call)));
    }
    List<Explanation.TokenScore> words = a.tokens() == null ? List.of() : a.tokens();
    boolean occluded = !words.isEmpty() && a.segments() != null && !a.segments().isEmpty();
    return new AttributionView(orEmpty(a.method()), metrics, sentences, occluded ? a.segments().get(0).source() : "",
        occluded ? occlusion(a.segments().get(0), words, call) : List.of(), attentionRows(a, call));
  }

  private static List<Metric> faithfulness(Explanation.Faithfulness f) {
    if (f == null) return List.of();
    return List.of(
        new Metric("comprehensiveness", Shading.number(f.comprehensiveness()),
            "drop in support when the top " + Math.round(100 * f.topFraction()) + "% of segments are removed (random: "
                + Shading.number(f.randomComprehensiveness()) + "); higher means a more faithful explanation"),
        new Metric("sufficiency", Shading.number(f.sufficiency()),
            "drop in support with only the top segments kept (random: " + Shading.number(f.randomSufficiency())
                + "); lower is better"),
        new Metric("AOPC", Shading.number(f.aopc()),
            "mean drop along the deletion curve (random: " + Shading.number(f.randomAopc()) + ")"));
  }

  /** The top segment's text, its words shaded by how much the support falls without each. */
  private static List<Segment> occlusion(Explanation.Segment top, List<Explanation.TokenScore> words, Logged call) {
    double max = words.stream().mapToDouble(w -> Math.abs(w.score())).max().orElse(0);
    List<Mark> marks = new ArrayList<>();
    for (Explanation.TokenScore w : words) {
      if (!top.source().equals(w.source()) || w.start() < top.start() || w.end() > top.end()) continue;
      marks.add(new Mark(w.start() - top.start(), w.end() - top.start(), max == 0 ? 0 : Math.abs(w.score()) / max,
          "support falls by " + Shading.number(w.score()) + " without this word"));
    }
    return ResponseSegments.cut(slice(call.source(top.source()), top.start(), top.end()), marks);
  }

  private static List<AttentionRowView> attentionRows(Explanation.Attribution a, Logged call) {
    List<AttentionRowView> rows = new ArrayList<>();
    if (a.attention() == null) return rows;
    List<Explanation.AttentionView> views = a.attention();
    for (int i = 0; i < views.size(); i++) {
      Explanation.AttentionView v = views.get(i);
      double max = v.words().stream().mapToDouble(Explanation.TokenScore::score).max().orElse(0);
      List<Mark> marks = new ArrayList<>();
      for (Explanation.TokenScore w : v.words()) {
        marks.add(new Mark(w.start() - v.sourceStart(), w.end() - v.sourceStart(), max == 0 ? 0 : w.score() / max,
            "attention share " + Shading.number(w.score())));
      }
      String segment = slice(call.source(v.source()), v.sourceStart(), v.sourceEnd());
      rows.add(new AttentionRowView(i + 1, call.response(v.start(), v.end()), v.source(),
          ResponseSegments.cut(segment, marks)));
    }
    return rows;
  }

  private static List<SegmentBar> bars(List<Explanation.Segment> segments, Logged call) {
    double max = 0;
    for (Explanation.Segment s : segments) max = Math.max(max, Math.abs(s.score()));
    List<SegmentBar> out = new ArrayList<>();
    for (Explanation.Segment s : segments) {
      int width = max == 0 ? 0 : (int) Math.round(100 * Math.abs(s.score()) / max);
      out.add(new SegmentBar(s.source(), slice(call.source(s.source()), s.start(), s.end()),
          Shading.number(s.score()), width, s.score() < 0));
    }
    return out;
  }

  private static List<SimilarView> similar(List<ExplanationRepository.SimilarCall> similarCalls) {
    List<SimilarView> similar = new ArrayList<>();
    for (ExplanationRepository.SimilarCall sc : similarCalls) {
      similar.add(new SimilarView(sc.call().callId(), sc.call().url(), Shading.number(sc.similarity()),
          Shading.number(sc.call().hallucinationScore()), Shading.risk(sc.call().hallucinationScore()),
          sc.call().flagged(), orEmpty(sc.call().summary())));
    }
    return similar;
  }

  private static Texts texts(CallView view, Logged call) {
    List<MessageView> prompt = new ArrayList<>();
    for (int i = 0; i < call.prompt().size(); i++) {
      prompt.add(new MessageView(i, orEmpty(call.prompt().get(i).role()), orEmpty(call.prompt().get(i).content())));
    }
    List<PassageView> context = call.context().stream()
        .map(p -> new PassageView(orEmpty(p.id()), orEmpty(p.text()))).toList();
    List<String> samples = view == null || view.samples() == null ? List.of() : view.samples();
    return new Texts(prompt, context, samples);
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
