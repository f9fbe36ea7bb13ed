package dev.glassbox.cli;

import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.eval.RankMetrics;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.signal.LogisticModel;
import dev.glassbox.core.signal.SentenceFeatures;
import dev.glassbox.core.text.Span;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code glassbox train}: re-learns the hallucination model. Each kind of evidence has its own logistic
 * model, fitted on the sentences of the dev file that has that evidence (sentence labels where the file
 * has them, else the response's label for each of its sentences). Prints cross-validated AUROC per group
 * (folds by call) and the weights, and writes the versioned resource the explainer loads.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Re-learn the hallucination model's weights from labelled dev files.")
public final class TrainCommand implements Callable<Integer> {

  static final String RESOURCE_PATH = "services/core/src/main/resources/" + HallucinationModel.RESOURCE;

  @Option(names = "--context", defaultValue = "../shared/data/halueval-qa.dev.jsonl",
      description = "dev file for grounding against a logged context (default: ${DEFAULT-VALUE})")
  Path context;

  @Option(names = "--samples", defaultValue = "../shared/data/wikibio-selfcheck.dev.jsonl",
      description = "dev file for self-consistency with logged samples (default: ${DEFAULT-VALUE})")
  Path samples;

  @Option(names = "--logprobs", defaultValue = "../shared/data/truthfulqa-gpt3.dev.jsonl",
      description = "dev file for token log-probabilities (default: ${DEFAULT-VALUE})")
  Path logprobs;

  @Option(names = "--prompt", defaultValue = "../shared/data/truthfulqa-gpt3.dev.jsonl",
      description = "dev file for grounding against the prompt when no context is logged (default: ${DEFAULT-VALUE})")
  Path prompt;

  @Option(names = "--out", defaultValue = RESOURCE_PATH, description = "model file to write (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--l2", defaultValue = "0.01", description = "L2 penalty on the standardised weights (default: ${DEFAULT-VALUE})")
  double l2;

  @Option(names = "--folds", defaultValue = "5", description = "cross-validation folds, split by call (default: ${DEFAULT-VALUE})")
  int folds;

  @Mixin
  BatchOptions batching;

  @Option(names = "--dump", description = "also write every training row (group, call id, label, features) as TSV here")
  Path dump;

  /** One training row: a sentence's features for one group, its label, and the call it belongs to. */
  record Row(String callId, double[] x, boolean y) {}

  @Override
  public Integer call() throws Exception {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(SentenceFeatures.CONTEXT, context);
    files.put(SentenceFeatures.PROMPT, prompt);
    files.put(SentenceFeatures.SAMPLES, samples);
    files.put(SentenceFeatures.LOGPROBS, logprobs);
    Map<Path, List<EvalCommand.Scored>> scored = scoreAll(files.values());
    if (scored == null) return 2;
    Map<String, LogisticModel> groups = new LinkedHashMap<>();
    Map<String, String> trainedOn = new LinkedHashMap<>();
    Map<Path, List<Map<String, double[]>>> heldOut = new LinkedHashMap<>();
    List<String> dumped = new ArrayList<>();
    for (var entry : files.entrySet()) {
      String group = entry.getKey();
      List<Row> rows = rows(group, scored.get(entry.getValue()));
      for (Row r : rows) dumped.add(dumpLine(group, r));
      Map<String, double[]> callRisks = new LinkedHashMap<>();
      double[] cv = crossValidate(group, rows, callRisks);
      heldOut.computeIfAbsent(entry.getValue(), k -> new ArrayList<>()).add(callRisks);
      LogisticModel model = LogisticModel.fit(SentenceFeatures.names(group), features(rows), labels(rows), l2);
      groups.put(group, model);
      trainedOn.put(group, summary(entry.getValue(), rows, cv));
      printModel(group, trainedOn.get(group), model);
    }
    combined(heldOut, trainedOn);
    if (dump != null) Files.write(dump, dumped);
    HallucinationModel model = new HallucinationModel(HallucinationModel.VERSION, trainedOn, groups);
    Files.write(out, model.toJson());
    System.out.println("wrote " + out);
    return 0;
  }

  /** Each distinct file scored once with a neutral model; null after saying which file does not exist. */
  private Map<Path, List<EvalCommand.Scored>> scoreAll(Collection<Path> files) throws IOException {
    Map<Path, List<EvalCommand.Scored>> scored = new HashMap<>();
    try (AttentionEncoder encoder = Commands.encoder()) {
      CallExplainer explainer = new CallExplainer(encoder,
          new ExplainerSettings(0.5, false, AttributionSettings.DEFAULT.withMode(AttributionMode.OFF)), HallucinationModel.neutral());
      for (Path file : files) {
        if (scored.containsKey(file)) continue;
        if (!Files.isRegularFile(file)) {
          System.err.println("train: " + file + " does not exist");
          return null;
        }
        scored.put(file, EvalCommand.score(file, explainer, batching.batch, batching.noProgress));
      }
    }
    return scored;
  }

  /** One {@code --dump} line: group, call id, label (1/0) and the features, tab-separated. */
  private static String dumpLine(String group, Row r) {
    StringBuilder line = new StringBuilder(group + "\t" + r.callId() + "\t" + (r.y() ? 1 : 0));
    for (double v : r.x()) line.append('\t').append(v);
    return line.toString();
  }

  /** What a group was trained on and how well it did, as stored in the model file. */
  private String summary(Path file, List<Row> rows, double[] cv) {
    long positives = rows.stream().filter(Row::y).count();
    long calls = rows.stream().map(Row::callId).distinct().count();
    return String.format(Locale.ROOT,
        "%s: %d sentences of %d calls (%.1f%% positive); %d-fold cross-validated AUROC %.3f per sentence, %.3f per call; l2 %s",
        file.getFileName(), rows.size(), calls, 100.0 * positives / rows.size(), folds, cv[0], cv[1], l2);
  }

  private static void printModel(String group, String summary, LogisticModel model) {
    PrintStream o = System.out;
    o.println(group + ": " + summary);
    for (int j = 0; j < model.features().size(); j++) {
      o.printf(Locale.ROOT, "    %-24s weight %+.3f   (mean %.3f, scale %.3f)%n", model.features().get(j),
          model.weights()[j], model.mean()[j], model.scale()[j]);
    }
    o.printf(Locale.ROOT, "    %-24s %+.3f%n", "bias", model.bias());
  }

  /** The combined score's held-out AUROC on each file that serves several groups; recorded in {@code trainedOn}. */
  private void combined(Map<Path, List<Map<String, double[]>>> heldOut, Map<String, String> trainedOn) {
    for (var entry : heldOut.entrySet()) {
      if (entry.getValue().size() < 2) continue;
      double[] combined = combinedHeldOut(entry.getValue());
      String line = String.format(Locale.ROOT, "%d-fold cross-validated AUROC %.3f per call of the combined score",
          folds, combined[0]);
      trainedOn.put("combined " + entry.getKey().getFileName(), line);
      System.out.println("combined on " + entry.getKey().getFileName() + ": " + line + " (" + (int) combined[1] + " calls)");
    }
  }

  /**
   * The group's rows from dev-split calls only. A call with sentence labels gives each labelled sentence
   * its label (matched by character overlap); otherwise every sentence takes the response's label.
   */
  List<Row> rows(String group, List<EvalCommand.Scored> scored) {
    List<Row> rows = new ArrayList<>();
    int notDev = 0;
    for (EvalCommand.Scored s : scored) {
      Object split = s.call().labels().get("split");
      if (split != null && !"dev".equals(split)) {
        notDev++;
        continue;
      }
      Explanation e = s.e();
      List<Span> spans = e.hallucination().sentences().stream().map(r -> new Span(r.start(), r.end())).toList();
      Map<Integer, Boolean> labels = sentenceLabels(s);
      for (int i = 0; i < spans.size(); i++) {
        Boolean y = labels != null ? labels.get(i) : (Boolean) s.call().labels().get("hallucinated");
        if (y == null) continue;
        double[] x = SentenceFeatures.of(e.call().response(), spans, i, e.grounding(), e.consistency(), e.uncertainty())
            .get(group);
        if (x != null) rows.add(new Row(e.callId(), x, y));
      }
    }
    if (notDev > 0) System.err.printf(Locale.ROOT, "train: left out %d calls not in the dev split%n", notDev);
    if (rows.isEmpty()) throw new IllegalArgumentException("no labelled sentence has " + group + " evidence");
    return rows;
  }

  /** Sentence index to label (hallucinated if any label on it says so), or null when the call has no sentence labels. */
  static Map<Integer, Boolean> sentenceLabels(EvalCommand.Scored s) {
    if (!(s.call().labels().get("sentences") instanceof List<?>)) return null;
    Map<Integer, Boolean> out = new HashMap<>();
    for (EvalCommand.LabelledSentence l : EvalCommand.labelledSentences(s)) out.merge(l.index(), l.hallucinated(), Boolean::logicalOr);
    return out;
  }

  /**
   * Held-out AUROC of the score the combiner gives calls that have several kinds of evidence from one
   * file: per call, the mean of each group's held-out call risk.
   */
  static double[] combinedHeldOut(List<Map<String, double[]>> groups) {
    List<Double> scores = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    for (var call : groups.get(0).entrySet()) {
      double sum = 0;
      boolean all = true;
      for (Map<String, double[]> g : groups) {
        double[] r = g.get(call.getKey());
        if (r == null) all = false;
        else sum += r[0];
      }
      if (!all) continue;
      scores.add(sum / groups.size());
      labels.add(call.getValue()[1] > 0);
    }
    double[] s = new double[scores.size()];
    boolean[] y = new boolean[labels.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores.get(i);
      y[i] = labels.get(i);
    }
    return new double[] {RankMetrics.auroc(s, y), s.length};
  }

  /**
   * Held-out AUROC per sentence and per call (mean sentence risk), with folds by a hash of the call id.
   *
   * @param callRisks filled with each call's held-out mean risk and its label (1 or 0)
   */
  double[] crossValidate(String group, List<Row> rows, Map<String, double[]> callRisks) {
    double[] risk = new double[rows.size()];
    for (int f = 0; f < folds; f++) {
      List<Row> train = new ArrayList<>();
      for (Row r : rows) if (fold(r) != f) train.add(r);
      LogisticModel m = LogisticModel.fit(SentenceFeatures.names(group), features(train), labels(train), l2);
      for (int i = 0; i < rows.size(); i++) if (fold(rows.get(i)) == f) risk[i] = m.probability(rows.get(i).x());
    }
    Map<String, double[]> perCall = new LinkedHashMap<>();
    Map<String, Boolean> callLabel = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      perCall.computeIfAbsent(rows.get(i).callId(), k -> new double[2]);
      perCall.get(rows.get(i).callId())[0] += risk[i];
      perCall.get(rows.get(i).callId())[1]++;
      callLabel.merge(rows.get(i).callId(), rows.get(i).y(), Boolean::logicalOr);
    }
    double[] callRisk = new double[perCall.size()];
    boolean[] callY = new boolean[perCall.size()];
    int k = 0;
    for (var e : perCall.entrySet()) {
      callRisk[k] = e.getValue()[0] / e.getValue()[1];
      callY[k] = callLabel.get(e.getKey());
      callRisks.put(e.getKey(), new double[] {callRisk[k], callY[k] ? 1 : 0});
      k++;
    }
    return new double[] {RankMetrics.auroc(risk, labels(rows)), RankMetrics.auroc(callRisk, callY)};
  }

  private int fold(Row r) {
    return Math.floorMod(r.callId().hashCode() * 0x9E3779B1, folds);
  }

  private static double[][] features(List<Row> rows) {
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < x.length; i++) x[i] = rows.get(i).x();
    return x;
  }

  private static boolean[] labels(List<Row> rows) {
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < y.length; i++) y[i] = rows.get(i).y();
    return y;
  }
}
