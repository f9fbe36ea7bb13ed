package dev.glassbox.cli;

import dev.glassbox.core.attribution.AttributionMethod;
import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionTarget;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.redact.PiiType;
import dev.glassbox.core.redact.RedactedCall;
import dev.glassbox.core.redact.RedactionPolicy;
import dev.glassbox.core.redact.Redactor;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.verify.Verifier;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code glassbox score}: explains a JSONL file of calls offline with the same code as the explainer service. */
@Command(name = "score", mixinStandardHelpOptions = true, defaultValueProvider = ScoreCommand.CoreDefaults.class,
    description = "Explain every call of a call v1 JSONL file; write one explanation v1 JSON line per call.")
public final class ScoreCommand implements Callable<Integer> {

  @Option(names = "--in", required = true, description = "call v1 JSONL file")
  Path in;

  @Mixin
  ModelOption model;

  @Option(names = "--out", required = true, description = "explanation v1 JSONL file to write")
  Path out;

  @Option(names = "--threshold", description = "flag threshold (default: ${DEFAULT-VALUE})")
  double threshold;

  @Option(names = "--no-embeddings", description = "leave prompt/response vectors out of the output")
  boolean noEmbeddings;

  @Mixin
  BatchOptions batching;

  @Mixin
  VerifierOption verifierOption;

  @Option(names = "--attribute",
      description = "which calls get an attribution: all, flagged (flagged + a sample of the rest) or off"
          + " (default: ${DEFAULT-VALUE})")
  String attribute;

  @Option(names = "--attribution-method",
      description = "contextcite, shapley or leave-one-out (default: ${DEFAULT-VALUE})")
  String method;

  @Option(names = "--attribution-target",
      description = "what attribution explains: surrogate (the encoder's support) or verifier (the verifier's"
          + " entailment; needs --verifier on) (default: ${DEFAULT-VALUE})")
  String target;

  @Option(names = "--redaction", defaultValue = "redact",
      description = "personal data and secrets in every text: redact (typed placeholders), hash (keyed hashes;"
          + " needs --redaction-key) or off (default: ${DEFAULT-VALUE})")
  String redaction;

  @Option(names = "--redaction-key", defaultValue = "${env:GLASSBOX_REDACTION_KEY}",
      description = "HMAC key of --redaction hash (default: the GLASSBOX_REDACTION_KEY environment variable)")
  String redactionKey;

  /** The defaults of the explainer's options, read from the core settings so that score and the service agree. */
  static final class CoreDefaults implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
      if (!(arg instanceof CommandLine.Model.OptionSpec option)) return null;
      ExplainerSettings d = ExplainerSettings.DEFAULT;
      return switch (option.longestName()) {
        case "--threshold" -> Double.toString(d.flagThreshold());
        case "--attribute" -> d.attribution().mode().id();
        case "--attribution-method" -> d.attribution().method().id();
        case "--attribution-target" -> d.attribution().target().id();
        default -> null;
      };
    }
  }

  /** Counts of one scoring run. */
  public record Totals(long lines, long explained, long skipped, double seconds, long encoderTexts) {
    double callsPerSecond() {
      return seconds == 0 ? 0 : explained / seconds;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (!Commands.readable("score", in)) return 2;
    ExplainerSettings settings;
    Redactor redactor;
    try {
      settings = new ExplainerSettings(threshold, !noEmbeddings,
          AttributionSettings.DEFAULT.withMode(AttributionMode.of(attribute)).withMethod(AttributionMethod.of(method))
              .withTarget(AttributionTarget.of(target)));
    } catch (IllegalArgumentException e) {
      System.err.println("glassbox score: " + e.getMessage());
      return 2;
    }
    try {
      redactor = redactor(redaction, redactionKey);
    } catch (IllegalArgumentException e) {
      System.err.println("glassbox score: --redaction: " + e.getMessage());
      return 2;
    }
    HallucinationModel hallucinationModel = model.loadOrExplain("score");
    if (hallucinationModel == null) return 2;
    Map<String, Integer> redacted = new TreeMap<>();
    Verifier opened;
    try {
      opened = verifierOption.open();
    } catch (IllegalArgumentException e) {
      System.err.println("glassbox score: " + e.getMessage());
      return 2;
    }
    if (opened == null && settings.attribution().target() == AttributionTarget.VERIFIER) {
      System.err.println("glassbox score: --attribution-target verifier needs --verifier on");
      return 2;
    }
    Totals t;
    long[] verified = new long[2];
    try (Verifier verifier = opened) {
      t = scoreToOut(settings, hallucinationModel, verifier, redactor, redacted, verified);
    }
    System.err.printf(Locale.ROOT, "explained %d of %d calls (%d skipped) in %.1f s: %.1f calls/s, %.1f encoder texts/s%n",
        t.explained(), t.lines(), t.skipped(), t.seconds(), t.callsPerSecond(), t.encoderTexts() / Math.max(t.seconds(), 1e-9));
    if (redactor.policy().active()) {
      System.err.printf(Locale.ROOT, "redacted (%s): %d values %s%n", redaction, redacted.values().stream()
          .mapToInt(Integer::intValue).sum(), redacted);
    }
    System.out.printf(Locale.ROOT, "throughput %.1f calls/s%n", t.callsPerSecond());
    if (opened != null) {
      System.out.printf(Locale.ROOT, "verified %d of %d sentences (%.1f%%)%n", verified[0], verified[1],
          100.0 * verified[0] / Math.max(1, verified[1]));
    }
    return t.explained() == 0 && t.lines() > 0 ? 1 : 0;
  }

  /**
   * Scores {@code --in} into {@code --out}, counting redacted values by type into {@code redacted}, and the sentences
   * the verifier checked and all sentences into {@code verified[0]} and {@code verified[1]}.
   */
  private Totals scoreToOut(ExplainerSettings settings, HallucinationModel hallucinationModel, Verifier verifier,
      Redactor redactor, Map<String, Integer> redacted, long[] verified) throws IOException {
    try (AttentionEncoder encoder = Commands.encoder();
        BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      CallExplainer explainer = new CallExplainer(encoder, settings, hallucinationModel, verifier);
      return score(in, explainer, redactor, batching.batch, batching.noProgress, e -> {
        if (e.redactions() != null) e.redactions().byType().forEach((type, n) -> redacted.merge(type, n, Integer::sum));
        for (Explanation.SentenceRisk r : e.hallucination().sentences()) {
          verified[1]++;
          if (r.signals() != null && r.signals().keySet().stream().anyMatch(k -> k.contains(".verifier_"))) verified[0]++;
        }
        try {
          writer.write(ExplanationCodec.encodeString(e));
          writer.write('\n');
        } catch (IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      }, System.err, null);
    }
  }

  /** The redactor of {@code --redaction}: the mode for every field, every detector. */
  static Redactor redactor(String mode, String key) {
    return new Redactor(RedactionPolicy.parse(mode, Map.of(), Arrays.stream(PiiType.values()).map(PiiType::id).toList(),
        key));
  }

  /**
   * Scores without redaction: evaluation and drift read public labelled data whose label offsets refer
   * to the logged response.
   */
  public static Totals score(Path in, CallExplainer explainer, int batchSize, boolean quiet, Consumer<Explanation> sink,
      PrintStream log, Map<String, Call> keepCalls) throws IOException {
    return score(in, explainer, new Redactor(RedactionPolicy.OFF), batchSize, quiet, sink, log, keepCalls);
  }

  /**
   * Streams calls from a JSONL file through the redactor and the explainer in batches; a bad line is
   * reported on {@code log} with its line number and skipped. When {@code keepCalls} is given, every
   * scored (redacted) call is put there by id.
   */
  public static Totals score(Path in, CallExplainer explainer, Redactor redactor, int batchSize, boolean quiet,
      Consumer<Explanation> sink, PrintStream log, Map<String, Call> keepCalls) throws IOException {
    return score(in, UnaryOperator.identity(), explainer, redactor, batchSize, quiet, sink, log, keepCalls);
  }

  /** As above, each call first turned into a constructed variant of it ({@code glassbox eval --variant}, train). */
  public static Totals score(Path in, UnaryOperator<Call> variant, CallExplainer explainer, Redactor redactor,
      int batchSize, boolean quiet, Consumer<Explanation> sink, PrintStream log, Map<String, Call> keepCalls)
      throws IOException {
    CallCodec codec = new CallCodec();
    long total = countLines(in);
    long lines = 0, explained = 0, skipped = 0, texts = 0;
    long start = System.nanoTime();
    List<Call> batch = new ArrayList<>(batchSize);
    List<RedactedCall> redactions = new ArrayList<>(batchSize);
    try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
        ProgressBar bar = quiet ? null : new ProgressBarBuilder().setTaskName("score").setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(log))
            .setUnit(" calls", 1).showSpeed().build()) {
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        lines++;
        BodySplitter.Item item = BodySplitter.parseLine(0, lineNo, line);
        CallCodec.Decoded d = item.parsed() ? codec.decode(item.json()) : null;
        if (d == null || !d.isValid()) {
          skipped++;
          log.println("line " + lineNo + ": skipped: " + (d == null ? item.error().reason() : d.reason()));
          if (bar != null) bar.step();
          continue;
        }
        RedactedCall r = redactor.redact(variant.apply(d.call()));
        batch.add(r.call());
        redactions.add(r);
        if (keepCalls != null) keepCalls.put(r.call().id(), r.call());
        if (batch.size() >= batchSize) {
          texts += explainBatch(explainer, batch, redactions, sink);
          explained += batch.size();
          if (bar != null) bar.stepBy(batch.size());
          batch.clear();
          redactions.clear();
        }
      }
      if (!batch.isEmpty()) {
        texts += explainBatch(explainer, batch, redactions, sink);
        explained += batch.size();
        if (bar != null) bar.stepBy(batch.size());
      }
    }
    return new Totals(lines, explained, skipped, (System.nanoTime() - start) / 1e9, texts);
  }

  /** Explains one batch, attaching each call's redaction summary; returns the encoder texts spent. */
  private static long explainBatch(CallExplainer explainer, List<Call> batch, List<RedactedCall> redactions,
      Consumer<Explanation> sink) {
    long texts = 0;
    List<Explanation> out = explainer.explainAll(batch);
    for (int i = 0; i < out.size(); i++) {
      Explanation e = out.get(i).withRedactions(redactions.get(i).summary());
      sink.accept(e);
      texts += e.encoderPasses();
    }
    return texts;
  }

  private static long countLines(Path in) throws IOException {
    try (var s = Files.lines(in, StandardCharsets.UTF_8)) {
      return s.filter(l -> !l.isBlank()).count();
    }
  }
}
