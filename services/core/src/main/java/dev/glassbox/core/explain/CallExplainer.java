package dev.glassbox.core.explain;

import dev.glassbox.core.attribution.AttentionRollout;
import dev.glassbox.core.attribution.AttributionSegment;
import dev.glassbox.core.attribution.AttributionTarget;
import dev.glassbox.core.attribution.EntailmentTarget;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.attribution.CallAttribution;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.Passage;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.encode.Encoder;
import dev.glassbox.core.encode.Encoder.Encoded;
import dev.glassbox.core.explanation.Against;
import dev.glassbox.core.explanation.Explanation.CallView;
import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.Embedding;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.Hallucination;
import dev.glassbox.core.explanation.Explanation.DemonstrationView;
import dev.glassbox.core.explanation.Explanation.Prompting;
import dev.glassbox.core.explanation.Explanation.Reasoning;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.prompting.Demonstration;
import dev.glassbox.core.prompting.DemonstrationSignal;
import dev.glassbox.core.prompting.Demonstrations;
import dev.glassbox.core.prompting.ReasoningSignal;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.appmodel.AppModel;
import dev.glassbox.core.appmodel.AppModels;
import dev.glassbox.core.explanation.Provenance;
import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.core.signal.ConsistencySignal;
import dev.glassbox.core.signal.GroundingSignal;
import dev.glassbox.core.signal.HallucinationCombiner;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.signal.PromptSources;
import dev.glassbox.core.signal.SummaryWriter;
import dev.glassbox.core.signal.UncertaintySignal;
import dev.glassbox.core.signal.VerifierSignal;
import dev.glassbox.core.text.SentenceSplitter;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import dev.glassbox.core.verify.Verifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Turns calls into explanations: plans every text each call needs embedded, runs one encoder pass for
 * the whole list of calls, then computes the signals. The explainer service and {@code glassbox score}
 * both run exactly this code.
 */
public final class CallExplainer {

  private final Encoder encoder;
  private final ExplainerSettings settings;
  private final HallucinationModel model;
  private final AppModels apps;
  /** Reads each sentence with its evidence; null: the cheap signals alone. */
  private final Verifier verifier;
  private final Provenance provenance;

  /** An explainer scoring with the bundled hallucination model. */
  public CallExplainer(Encoder encoder, ExplainerSettings settings) {
    this(encoder, settings, HallucinationModel.bundled());
  }

  public CallExplainer(Encoder encoder, ExplainerSettings settings, HallucinationModel model) {
    this(encoder, settings, model, null);
  }

  /** @param verifier checks each sentence against its closest sources and the samples; null for none */
  public CallExplainer(Encoder encoder, ExplainerSettings settings, HallucinationModel model, Verifier verifier) {
    this(encoder, settings, model, AppModels.NONE, verifier);
  }

  /** @param apps the apps scored by their own model ({@code glassbox train --app}); every other app by {@code model} */
  public CallExplainer(Encoder encoder, ExplainerSettings settings, HallucinationModel model, AppModels apps,
      Verifier verifier) {
    this.encoder = encoder;
    this.settings = settings;
    this.model = model;
    this.apps = apps;
    this.verifier = verifier;
    if (settings.attribution().target() == AttributionTarget.VERIFIER && verifier == null) {
      throw new IllegalArgumentException("attribution target verifier needs the verifier (it is off)");
    }
    // The verifier's name changes whenever its verdicts would, so it joins the settings that change results.
    this.provenance = Provenance.of(encoder.modelName(), encoder.modelSha256(), model.version(), model.toJson(),
        settings + (verifier == null ? "" : "; verifier " + verifier.modelName()));
  }

  public Explanation explain(Call call) {
    return explainAll(List.of(call)).get(0);
  }

  /** Explains the calls in order, embedding the texts of all of them in one batch and verifying them in one more. */
  public List<Explanation> explainAll(List<Call> calls) {
    TextBatch batch = new TextBatch();
    List<Plan> plans = new ArrayList<>(calls.size());
    for (Call c : calls) plans.add(new Plan(c, batch));
    Encoded[] encoded = batch.texts().isEmpty() ? new Encoded[0] : encoder.encode(batch.texts(), batch.withTokens());
    float[][] vectors = new float[encoded.length][];
    for (int i = 0; i < encoded.length; i++) vectors[i] = encoded[i].vector();
    List<List<Map<String, VerifierSignal.Check>>> checks = verifier == null ? null
        : VerifierSignal.run(verifier, plans.stream().map(p -> p.verifierRequest(vectors)).toList());
    List<Explanation> out = new ArrayList<>(calls.size());
    for (int i = 0; i < plans.size(); i++) out.add(plans.get(i).finish(encoded, checks == null ? null : checks.get(i)));
    attribute(plans, vectors, out);
    Provenance stamped = provenance.at(Instant.now());
    out.replaceAll(e -> e.withProvenance(apps.isEmpty() ? stamped : stamped.withAppModel(apps.ref(e.app()))));
    return out;
  }

  /**
   * Adds attributions to the calls the settings select, embedding the prompt segments they still
   * need in one more encoder pass for all of them.
   */
  private void attribute(List<Plan> plans, float[][] vectors, List<Explanation> out) {
    TextBatch extra = new TextBatch();
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      if (!selected(out.get(i))) continue;
      chosen.add(i);
      plans.get(i).planAttribution(extra);
    }
    if (chosen.isEmpty()) return;
    float[][] more = extra.texts().isEmpty() ? new float[0][] : encoder.embed(extra.texts());
    List<EntailmentTarget.Claims> claims = chosen.stream().map(i -> plans.get(i).claims(vectors, more)).toList();
    List<List<double[]>> entailment = settings.attribution().target() == AttributionTarget.VERIFIER
        ? EntailmentTarget.supports(verifier, claims) : null;
    for (int k = 0; k < chosen.size(); k++) {
      int i = chosen.get(k);
      Explanation.Attribution a = plans.get(i).attribution(claims.get(k), entailment == null ? null : entailment.get(k));
      if (encoder instanceof AttentionEncoder attention) a = a.withAttention(plans.get(i).attention(attention, a));
      out.set(i, out.get(i).withAttribution(a));
    }
  }

  /** Whether a call gets an attribution: by mode, and in {@code flagged} mode a stable sample of the rest. */
  boolean selected(Explanation e) {
    AttributionSettings a = settings.attribution();
    return switch (a.mode()) {
      case ALL -> true;
      case OFF -> false;
      case FLAGGED -> e.hallucination().flagged() || Math.floorMod(e.callId().hashCode(), 10_000) < a.sampleRate() * 10_000;
    };
  }

  /**
   * A source segment of a call before its vector is known: its row in the first batch, or in the attribution
   * batch when {@code inAttributionBatch}.
   */
  private record SourceRow(SourceRef source, Span span, String text, int row, boolean inAttributionBatch) {
    float[] vector(float[][] first, float[][] attributionBatch) {
      return inAttributionBatch ? attributionBatch[row] : first[row];
    }
  }

  /** The row of one sample and the rows of its sentences. */
  private record SampleRows(int row, int[] sentenceRows) {}

  /** The rows of the shared batch that one call's signals read. */
  private final class Plan {
    final Call call;
    final List<Span> sentences;
    final int[] sentenceRows;
    final int promptRow;
    final int responseRow;
    /** Where the sources lie: the context, source material found in the prompt, or null when there is none. */
    final Against against;
    final List<PromptSources.Source> promptSources;
    final List<SourceRow> sources = new ArrayList<>();
    final List<SampleRows> samples = new ArrayList<>();
    final int distinctTexts;
    final List<Demonstration> demos;
    final int[] demoRows;
    /** The segments attribution scores: the sources, and the prompt's sentences when grounding read the context. */
    final List<SourceRow> attributionRows = new ArrayList<>();
    int attributionTexts;

    Plan(Call call, TextBatch batch) {
      this.call = call;
      int before = batch.texts().size();
      String response = call.response();
      sentences = SentenceSplitter.split(response);
      sentenceRows = new int[sentences.size()];
      for (int i = 0; i < sentences.size(); i++) sentenceRows[i] = batch.addWithTokens(sentences.get(i).of(response));
      promptRow = batch.add(call.promptText());
      responseRow = batch.add(response);
      promptSources = call.hasContext() ? List.of() : PromptSources.find(call.prompt());
      against = call.hasContext() ? Against.CONTEXT : promptSources.isEmpty() ? null : Against.PROMPT;
      if (against == Against.CONTEXT) {
        for (Passage p : call.context()) addSegments(SourceRef.context(p.id()), p.text(), 0, batch);
      } else {
        for (PromptSources.Source s : promptSources) {
          addSegments(SourceRef.prompt(s.message()), s.of(call.prompt()), s.span().start(), batch);
        }
      }
      for (String sample : call.samples()) {
        List<Span> ss = SentenceSplitter.split(sample);
        int row = batch.addWithTokens(sample);
        int[] rows = new int[ss.size()];
        for (int k = 0; k < rows.length; k++) rows[k] = batch.add(ss.get(k).of(sample));
        samples.add(new SampleRows(row, rows));
      }
      demos = Demonstrations.find(call.prompt());
      demoRows = new int[demos.size()];
      for (int k = 0; k < demos.size(); k++) {
        demoRows[k] = batch.add(demos.get(k).input(call.prompt()) + "\n" + demos.get(k).output(call.prompt()));
      }
      distinctTexts = batch.texts().size() - before;
    }

    /** The indexes of the prompt messages that are sources: all but the assistant's. */
    private List<Integer> sourceMessages() {
      return IntStream.range(0, call.prompt().size()).filter(i -> !"assistant".equals(call.prompt().get(i).role()))
          .boxed().toList();
    }

    /** The sentences of a source text, with spans inside its passage or message ({@code offset} is where it starts). */
    private void addSegments(SourceRef source, String text, int offset, TextBatch batch) {
      for (Span s : SentenceSplitter.split(text)) {
        Span inSource = new Span(s.start() + offset, s.end() + offset);
        sources.add(new SourceRow(source, inSource, s.of(text), batch.addWithTokens(s.of(text)), false));
      }
    }

    void planAttribution(TextBatch extra) {
      int before = extra.texts().size();
      attributionRows.addAll(sources);
      // Source material in the prompt is already among the sources; otherwise the prompt's sentences are attributed.
      if (against == Against.PROMPT) return;
      for (int i : sourceMessages()) {
        String content = call.prompt().get(i).content();
        for (Span sp : SentenceSplitter.split(content)) {
          attributionRows.add(new SourceRow(SourceRef.prompt(i), sp, sp.of(content), extra.add(sp.of(content)), true));
        }
      }
      attributionTexts = extra.texts().size() - before;
    }

    /** The sentences and the segments attribution scores (at most the settings' cap), with their vectors. */
    EntailmentTarget.Claims claims(float[][] v, float[][] more) {
      List<AttributionSegment> segs = attributionRows.stream()
          .limit(settings.attribution().maxSegments())
          .map(r -> new AttributionSegment(r.source(), r.span(), r.text(), r.vector(v, more))).toList();
      List<float[]> sentenceVectors = new ArrayList<>(sentenceRows.length);
      for (int r : sentenceRows) sentenceVectors.add(v[r]);
      return new EntailmentTarget.Claims(sentences.stream().map(sp -> sp.of(call.response())).toList(),
          sentenceVectors, segs);
    }

    /** @param entailment per sentence the verifier's support by each segment, or null to explain the surrogate's */
    Explanation.Attribution attribution(EntailmentTarget.Claims c, List<double[]> entailment) {
      return CallAttribution.attribute(call.response(), sentences, c.sentenceVectors(), c.segments(),
          settings.attribution(), call.id().hashCode(), attributionTexts, entailment);
    }

    /** For each response sentence, the attention rollout from it to the words of its top segment. */
    List<Explanation.AttentionView> attention(AttentionEncoder encoder, Explanation.Attribution a) {
      List<Explanation.AttentionView> views = new ArrayList<>();
      for (Explanation.SentenceAttribution sa : a.sentences()) {
        if (sa.segments() == null || sa.segments().isEmpty()) continue;
        Explanation.Segment top = sa.segments().get(0);
        String source = SourceRef.parse(top.source()).flatMap(r -> r.textIn(call.prompt(), call.context()))
            .orElse(null);
        if (source == null || top.end() > source.length()) continue;
        String segment = source.substring(top.start(), top.end());
        AttentionEncoder.Joint joint = encoder.attend(segment, call.response().substring(sa.start(), sa.end()));
        List<Explanation.TokenScore> words = new ArrayList<>();
        for (AttentionRollout.WordScore w : AttentionRollout.firstTextWords(joint, segment)) {
          words.add(new Explanation.TokenScore(top.source(), top.start() + w.start(), top.start() + w.end(), w.word(),
              Math.round(w.score() * 1e4) / 1e4));
        }
        views.add(new Explanation.AttentionView(sa.start(), sa.end(), top.source(), top.start(), top.end(), words));
      }
      return views;
    }

    /** The texts a response's words are checked against: the context, the prompt's source material, or none. */
    private List<String> sourceTexts() {
      if (against == Against.CONTEXT) return call.context().stream().map(Passage::text).toList();
      return promptSources.stream().map(s -> s.of(call.prompt())).toList();
    }

    /** The words the model was given: the sources, else every message it was sent (for the log-probs' new words). */
    private List<String> givenTexts() {
      if (against != null) return sourceTexts();
      return sourceMessages().stream().map(i -> call.prompt().get(i).content()).toList();
    }

    /** The verifier's pairs of this call: each sentence against its closest source segments and the samples. */
    VerifierSignal.Request verifierRequest(float[][] v) {
      List<float[]> sentenceVectors = new ArrayList<>(sentenceRows.length);
      for (int r : sentenceRows) sentenceVectors.add(v[r]);
      List<VerifierSignal.Segment> segments = new ArrayList<>(sources.size());
      for (int k = 0; k < sources.size(); k++) {
        segments.add(new VerifierSignal.Segment(sources.get(k).source().format(), window(k), v[sources.get(k).row()]));
      }
      String kind = against == null ? null : against.id();
      return VerifierSignal.plan(call.response(), sentences, sentenceVectors, kind, segments, sourceTexts(),
          call.samples());
    }

    /** A source segment with the sentences before and after it in the same passage or message, as the verifier reads it. */
    private String window(int k) {
      String source = sources.get(k).source().format();
      StringBuilder sb = new StringBuilder();
      for (int j = Math.max(0, k - 1); j <= Math.min(sources.size() - 1, k + 1); j++) {
        if (!sources.get(j).source().format().equals(source)) continue;
        if (sb.length() > 0) sb.append(' ');
        sb.append(sources.get(j).text());
      }
      return sb.toString();
    }

    /**
     * The call's verdict by the global model, or by its app's own model: scored on that model's scale at the raw
     * threshold matching the app's, then restated with the app's calibrated call score and threshold.
     */
    private Hallucination hallucination(Grounding grounding, Consistency consistency, Uncertainty uncertainty,
        Reasoning reasoning, List<Map<String, VerifierSignal.Check>> checks) {
      AppModel app = apps.forApp(call.app());
      if (app == null) {
        return HallucinationCombiner.combine(call.response(), sentences, grounding, consistency, uncertainty, reasoning,
            checks, settings.flagThreshold(), model);
      }
      double threshold = app.flagThreshold(settings.flagThreshold());
      Hallucination raw = HallucinationCombiner.combine(call.response(), sentences, grounding, consistency, uncertainty,
          reasoning, checks, app.rawThreshold(threshold), app.scoringModel(model));
      return AppModels.restate(app, raw, threshold);
    }

    Explanation finish(Encoded[] v, List<Map<String, VerifierSignal.Check>> checks) {
      List<Encoded> sentenceVectors = new ArrayList<>(sentenceRows.length);
      for (int r : sentenceRows) sentenceVectors.add(v[r]);
      List<GroundingSignal.Source> srcs = sources.stream()
          .map(s -> new GroundingSignal.Source(s.source(), s.span(), v[s.row()])).toList();
      List<String> sourceTexts = sourceTexts();
      Grounding grounding = against == null ? null
          : GroundingSignal.compute(call.response(), sentences, sentenceVectors, srcs, sourceTexts, against);

      List<Encoded> sampleVectors = new ArrayList<>();
      List<List<float[]>> sampleSentences = new ArrayList<>();
      for (SampleRows sample : samples) {
        sampleVectors.add(v[sample.row()]);
        List<float[]> ss = new ArrayList<>();
        for (int r : sample.sentenceRows()) ss.add(v[r].vector());
        sampleSentences.add(ss);
      }
      Consistency consistency = ConsistencySignal.compute(call.response(), sentences, sentenceVectors,
          v[responseRow].vector(), call.samples(), sampleVectors, sampleSentences);
      Uncertainty uncertainty = UncertaintySignal.compute(call.response(), call.logprobs(), sentences,
          Words.vocabulary(givenTexts()));
      String query = Demonstrations.query(call.prompt(), demos);
      Reasoning reasoning = ReasoningSignal.compute(call.response(), query, call.samples());
      Hallucination hallucination = hallucination(grounding, consistency, uncertainty, reasoning, checks);
      String summary = SummaryWriter.write(call.response(), hallucination, grounding, consistency, uncertainty);
      Embedding embedding = settings.includeEmbeddings()
          ? new Embedding(encoder.modelName(), v[promptRow].vector(), v[responseRow].vector()) : null;
      CallView view = new CallView(call.prompt(), call.response(), call.context(), call.samples(), call.attributes());
      return new Explanation(call.id(), call.app(), call.model(), call.tenant(), call.timestamp().toString(), view,
          hallucination, grounding, consistency, uncertainty, null, summary, embedding, distinctTexts, null, null,
          prompting(v, sentenceVectors, query, reasoning));
    }

    /** The demonstrations with their influence and copying, and the reasoning; null when there is neither. */
    private Prompting prompting(Encoded[] v, List<Encoded> sentenceVectors, String query, Reasoning reasoning) {
      if (demos.isEmpty() && reasoning == null) return null;
      List<float[]> demoVectors = new ArrayList<>(demos.size());
      for (int r : demoRows) demoVectors.add(v[r].vector());
      List<DemonstrationView> views = DemonstrationSignal.compute(call.prompt(), demos, demoVectors, call.response(),
          sentences, sentenceVectors.stream().map(Encoded::vector).toList(), query, call.id().hashCode());
      return new Prompting(views, reasoning, DemonstrationSignal.majorityLabel(call.prompt(), demos, call.response()));
    }
  }
}
