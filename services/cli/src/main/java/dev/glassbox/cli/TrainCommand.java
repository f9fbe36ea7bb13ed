package dev.glassbox.cli;

import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.signal.LogisticModel;
import dev.glassbox.core.signal.SentenceFeatures;
import dev.glassbox.core.verify.Verifier;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import dev.glassbox.core.eval.Variants;
import dev.glassbox.core.signal.Calibration;
import java.util.function.UnaryOperator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.glassbox.core.appmodel.Target;
import dev.glassbox.core.appmodel.Thresholds;
import dev.glassbox.core.audit.CallExport;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code glassbox train}: re-learns the hallucination model. Each kind of evidence has its own logistic
 * model with non-negative weights, fitted on the sentences of the dev files that have that evidence (sentence
 * labels where a file has them, else the response's label for each of its sentences), and a calibration that
 * maps its risk to a probability. The L2 penalty is chosen by held-out figures ({@link GroupSelection}):
 * leave-one-file-out where a kind has several files, in-file cross-validation otherwise, and the constructed
 * variants (source moved into the prompt, responses framed longer). Prints them all, the calibration in-file
 * beside cross-file, and the correlation of the score with response length; writes the versioned resource. With
 * {@code --app}, learns one app's own model from its reviewers' verdicts instead ({@link AppTrainer}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Re-learn the hallucination model's weights from labelled dev files.",
        "With --app (and --in EXPORT.jsonl or --from-store): learn one app's own calibration, threshold and, from 300"
            + " verdicts with 50 of each label, its whole model from its reviewers' verdicts; exit 3 when there are too"
            + " few (fewer than 50, or fewer than 10 of a label)."})
public final class TrainCommand implements Callable<Integer> {

  static final String RESOURCE_PATH = "services/core/src/main/resources/" + HallucinationModel.RESOURCE;

  @Option(names = "--context", split = ",", defaultValue = "../shared/data/halueval-qa.dev.jsonl",
      description = "dev files for grounding against a logged context (default: ${DEFAULT-VALUE})")
  List<Path> context;

  @Option(names = "--samples", split = ",",
      defaultValue = "../shared/data/wikibio-selfcheck.dev.jsonl,../shared/data/gsm8k-cot-samples.dev.jsonl",
      description = "dev files for self-consistency with logged samples (default: ${DEFAULT-VALUE})")
  List<Path> samples;

  @Option(names = "--logprobs", split = ",", defaultValue = "../shared/data/truthfulqa-gpt3.dev.jsonl",
      description = "dev files for token log-probabilities (default: ${DEFAULT-VALUE})")
  List<Path> logprobs;

  @Option(names = "--reasoning", split = ",",
      defaultValue = "../shared/data/gsm8k-cot.dev.jsonl,../shared/data/gsm8k-cot-samples.dev.jsonl",
      description = "dev files of chain-of-thought responses with numeric answers (default: ${DEFAULT-VALUE})")
  List<Path> reasoning;

  @Option(names = "--out", description = "model file to write (default: " + RESOURCE_PATH
      + "; with --app, hallucination-model-<app>.json)")
  Path out;

  @Option(names = "--app", description = "learn one app's own model from its reviewers' verdicts (with --in or --from-store)")
  String app;

  @Option(names = "--in", description = "with --app: a glassbox export JSONL file holding the app's reviewed calls")
  Path in;

  @Option(names = "--from-store", description = "with --app: read the app's reviewed calls from the store database")
  boolean fromStore;

  @ArgGroup(exclusive = false, heading = "Store database (--from-store)%n")
  DatabaseOptions database;

  @Option(names = "--since", description = "with --from-store: calls from this ISO-8601 instant on (default: all)")
  Instant since;

  @Option(names = "--tenant", description = "with --from-store: one tenant's calls only (default: every tenant)")
  String tenant;

  @Option(names = "--target-precision", description = "with --app: flag threshold for at least this precision")
  Double targetPrecision;

  @Option(names = "--target-recall", description = "with --app: flag threshold for at least this recall")
  Double targetRecall;

  @Option(names = "--threshold", defaultValue = "0.5",
      description = "with --app: the explainer's flag threshold, kept when no target is set (default: ${DEFAULT-VALUE})")
  double threshold;

  @Option(names = "--seed", defaultValue = "1", description = "with --app: seed of the cross-validation folds")
  long seed;

  @Option(names = "--l2", split = ",", defaultValue = "0.001,0.01,0.1,1",
      description = "L2 penalties to choose from by held-out figures (default: ${DEFAULT-VALUE})")
  List<Double> l2s;

  @Option(names = "--folds", defaultValue = "5", description = "cross-validation folds, split by call (default: ${DEFAULT-VALUE})")
  int folds;

  @Mixin
  BatchOptions batching;

  @Mixin
  VerifierOption verifierOption;

  @Option(names = "--dump", description = "also write every training row (group, file, call id, label, features) as TSV here")
  Path dump;

  /** One training row: a sentence's features for one group, its label, the call and the file (or variant) it is from. */
  record Row(String callId, double[] x, boolean y, String file, int words) {}

  @Override
  public Integer call() throws Exception {
    if (app != null || in != null || fromStore) return trainApp();
    if (out == null) out = Path.of(RESOURCE_PATH);
    Map<String, List<Path>> files = new LinkedHashMap<>();
    files.put(SentenceFeatures.CONTEXT, context);
    files.put(SentenceFeatures.SAMPLES, samples);
    files.put(SentenceFeatures.LOGPROBS, logprobs);
    files.put(SentenceFeatures.REASONING, reasoning);
    Map<String, List<EvalCommand.Scored>> scored = scoreAll(files);
    if (scored == null) return 2;
    Map<String, LogisticModel> groups = new LinkedHashMap<>();
    Map<String, Calibration> calibration = new LinkedHashMap<>();
    Map<String, String> trainedOn = new LinkedHashMap<>();
    List<String> dumped = new ArrayList<>();
    for (String group : files.keySet()) {
      Map<String, List<Row>> byFile = new LinkedHashMap<>();
      for (String key : scored.keySet()) {
        if (!key.startsWith(group + "|")) continue;
        List<Row> rows = rows(group, features(group).size(), key.substring(group.length() + 1), scored.get(key));
        if (!rows.isEmpty()) byFile.put(key.substring(group.length() + 1), rows);
      }
      byFile.values().forEach(rows -> rows.forEach(r -> dumped.add(dumpLine(group, r))));
      GroupSelection.Fit fit = new GroupSelection(group, features(group), byFile, folds, System.out).select(l2s);
      groups.put(group, fit.model());
      // Log-probs say how sure the model was, not whether a fact holds: they get no calibration and no say in the score.
      if (!SentenceFeatures.LOGPROBS.equals(group)) calibration.put(group, fit.calibration());
      trainedOn.put(group, fit.summary());
    }
    if (dump != null) Files.write(dump, dumped);
    HallucinationModel model = new HallucinationModel(HallucinationModel.VERSION, trainedOn, groups, calibration);
    Files.write(out, model.toJson());
    System.out.println("wrote " + out);
    return 0;
  }

  /** {@code --app}: the app's own model from the verdicts of an export file or of the store. */
  private int trainApp() throws Exception {
    if (app == null || (in == null) == !fromStore || (fromStore && database == null)) {
      System.err.println("train: --app needs exactly one of --in FILE or --from-store (with --jdbc-url)");
      return 2;
    }
    if (targetPrecision != null && targetRecall != null) {
      System.err.println("train: give --target-precision or --target-recall, not both");
      return 2;
    }
    Target target = targetPrecision != null ? new Target(Thresholds.Metric.PRECISION, targetPrecision)
        : targetRecall != null ? new Target(Thresholds.Metric.RECALL, targetRecall) : null;
    List<String> lines = in != null ? Files.readAllLines(in) : storeLines();
    Path file = out != null ? out : Path.of("hallucination-model-" + app + ".json");
    return new AppTrainer(app, HallucinationModel.bundled(), folds, seed, target, l2s, System.out)
        .train(ReviewedExport.read(lines, app), threshold, file);
  }

  /** The app's reviewed calls as export lines, read with the export's own query (nothing is audited: nothing leaves). */
  private List<String> storeLines() throws java.sql.SQLException, IOException {
    CallExport.Filter filter = new CallExport.Filter(app, since == null ? Instant.EPOCH : since,
        Instant.now().plus(java.time.Duration.ofDays(1)), tenant, false, true);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.sql.Connection c = database.connect()) {
      CallExport.write(c, filter, bytes, n -> {});
    }
    return ReviewedExport.lines(bytes.toByteArray());
  }

  /** The features a group is fitted on: with the verifier's when it runs ({@code --verifier on}). */
  private List<String> features(String group) {
    return verifierOption.on() ? SentenceFeatures.namesWithVerifier(group) : SentenceFeatures.names(group);
  }

  /** Separates a file's name from the name of a constructed variant of it. */
  static final String VARIANT = "#";

  /**
   * Each group's files scored with a neutral model, keyed {@code group|file}; files with a context also as their
   * variants ({@code file#source-in-prompt}, {@code file#lengthened}). Null after saying which file does not exist.
   */
  private Map<String, List<EvalCommand.Scored>> scoreAll(Map<String, List<Path>> files) throws IOException {
    Map<String, List<EvalCommand.Scored>> scored = new LinkedHashMap<>();
    // A file several groups learn from (samples and reasoning) is scored once.
    Map<Path, List<EvalCommand.Scored>> once = new HashMap<>();
    try (AttentionEncoder encoder = Commands.encoder(); Verifier verifier = verifierOption.open()) {
      CallExplainer explainer = new CallExplainer(encoder,
          new ExplainerSettings(0.5, false, AttributionSettings.DEFAULT.withMode(AttributionMode.OFF)), HallucinationModel.neutral(),
          verifier);
      for (var entry : files.entrySet()) {
        for (Path file : entry.getValue()) {
          if (!Files.isRegularFile(file)) {
            System.err.println("train: " + file + " does not exist");
            return null;
          }
          String key = entry.getKey() + "|" + file.getFileName();
          List<EvalCommand.Scored> plain = once.get(file.toAbsolutePath().normalize());
          if (plain == null) plain = EvalCommand.score(file, explainer, batching.batch, batching.noProgress, UnaryOperator.identity());
          once.put(file.toAbsolutePath().normalize(), plain);
          scored.put(key, plain);
          if (!SentenceFeatures.CONTEXT.equals(entry.getKey())) continue;
          scored.put(key + VARIANT + "source-in-prompt",
              EvalCommand.score(file, explainer, batching.batch, batching.noProgress, Variants::sourceInPrompt));
          scored.put(key + VARIANT + "lengthened",
              EvalCommand.score(file, explainer, batching.batch, batching.noProgress, Variants::lengthened));
        }
      }
    }
    return scored;
  }

  /** One {@code --dump} line: group, file, call id, label (1/0) and the features, tab-separated. */
  private static String dumpLine(String group, Row r) {
    StringBuilder line = new StringBuilder(group + "\t" + r.file() + "\t" + r.callId() + "\t" + (r.y() ? 1 : 0));
    for (double v : r.x()) line.append('\t').append(v);
    return line.toString();
  }

  /**
   * The group's rows from dev-split calls only, each the first {@code width} features of its sentence. A call with
   * sentence labels gives each labelled sentence its label (matched by character overlap); otherwise every sentence
   * takes the response's label.
   */
  static List<Row> rows(String group, int width, String file, List<EvalCommand.Scored> scored) {
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
        Map<String, double[]> kinds = SentenceFeatures.of(e.call().response(), spans, i, e.grounding(), e.consistency(),
            e.uncertainty(), e.prompting() == null ? null : e.prompting().reasoning(), e.hallucination().sentences().get(i).signals());
        double[] x = kinds.get(group);
        // Source material found in the prompt is read with the context model.
        if (x == null && SentenceFeatures.CONTEXT.equals(group)) x = kinds.get(SentenceFeatures.PROMPT);
        if (x != null) rows.add(new Row(e.callId(), Arrays.copyOf(x, width), y, file, Words.words(e.call().response()).size()));
      }
    }
    if (notDev > 0) System.err.printf(Locale.ROOT, "train: left out %d calls not in the dev split%n", notDev);
    return rows;
  }

  /** Sentence index to label (hallucinated if any label on it says so), or null when the call has no sentence labels. */
  static Map<Integer, Boolean> sentenceLabels(EvalCommand.Scored s) {
    if (!(s.call().labels().get("sentences") instanceof List<?>)) return null;
    Map<Integer, Boolean> out = new HashMap<>();
    for (EvalCommand.LabelledSentence l : EvalCommand.labelledSentences(s)) out.merge(l.index(), l.hallucinated(), Boolean::logicalOr);
    return out;
  }

}
