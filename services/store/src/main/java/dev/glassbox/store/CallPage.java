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
    String jsonUrl) {

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

  public boolean hasTokens() {
    return !tokens.isEmpty();
  }

  public static CallPage of(Explanation e) {
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
      String title = "risk " + Shading.number(r.score()) + (reason.isEmpty() ? "" : " - " + reason)
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
        uncertainty, Links.callJson(e.callId()));
  }

  /** The text of the segment that best supports a sentence: {@code context:<id>} or {@code prompt:<index>}. */
  private static String sourceText(GroundedSentence gs, List<Message> messages, List<Passage> passages) {
    String source = gs.source();
    if (source == null) return "";
    if (source.startsWith("context:")) {
      String id = source.substring("context:".length());
      for (Passage p : passages) {
        if (id.equals(p.id())) return slice(p.text(), gs.sourceStart(), gs.sourceEnd());
      }
    } else if (source.startsWith("prompt:")) {
      try {
        int index = Integer.parseInt(source.substring("prompt:".length()));
        if (index >= 0 && index < messages.size()) {
          return slice(messages.get(index).content(), gs.sourceStart(), gs.sourceEnd());
        }
      } catch (NumberFormatException ignored) {
        // Not one of ours; show no excerpt rather than a wrong one.
      }
    }
    return "";
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
