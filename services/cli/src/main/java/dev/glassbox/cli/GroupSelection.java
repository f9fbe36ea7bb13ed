package dev.glassbox.cli;

import dev.glassbox.core.eval.RankMetrics;
import dev.glassbox.core.eval.Reliability;
import dev.glassbox.core.signal.Calibration;
import dev.glassbox.core.signal.LogisticModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Honest model selection for one kind of evidence: every L2 penalty is judged on calls it was not fitted on
 * (in-file folds by call, each file left out in turn where there are several, and the constructed variants,
 * which are never fitted on), the best mean held-out AUROC wins, and the chosen model's calibration is printed
 * in-file beside cross-file, with the correlation of its score with response length. Pooled files count
 * equally in every fit, so the file with the most sentences does not decide the model alone.
 */
final class GroupSelection {

  /** The chosen model, its calibration, and the line the model file keeps about them. */
  record Fit(LogisticModel model, Calibration calibration, String summary) {}

  /** Held-out call-level risks of one file: per call id, the mean sentence risk, label and response words. */
  private record CallRisk(double risk, boolean y, int words) {}

  private final String group;
  /** The features the rows carry: the group's, with the verifier's when train runs it. */
  private final List<String> features;
  private final Map<String, List<TrainCommand.Row>> byFile;
  private final int folds;
  private final PrintStream out;

  GroupSelection(String group, List<String> features, Map<String, List<TrainCommand.Row>> byFile, int folds,
      PrintStream out) {
    this.group = group;
    this.features = features;
    this.byFile = byFile;
    this.folds = folds;
    this.out = out;
  }

  Fit select(List<Double> l2s) {
    out.println(group + ": held-out call AUROC by L2 (in-file = " + folds + "-fold by call; left-out = fitted on the other files; "
        + "variants are never fitted on)");
    double best = -1, chosen = l2s.get(0);
    for (double l2 : l2s) {
      Map<String, Map<String, CallRisk>> inFile = inFile(l2), leftOut = leftOut(l2);
      List<String> cells = new ArrayList<>();
      double sum = 0;
      int k = 0;
      for (String file : byFile.keySet()) {
        double a = auroc(inFile.get(file));
        Double lo = leftOut.containsKey(file) ? auroc(leftOut.get(file)) : null;
        cells.add(String.format(Locale.ROOT, "%s %.3f%s", file, a, lo == null ? "" : String.format(Locale.ROOT, " (left out %.3f)", lo)));
        sum += lo != null ? lo : a;
        k++;
      }
      double mean = sum / k;
      out.printf(Locale.ROOT, "  l2 %-6s mean %.3f: %s%n", l2, mean, String.join(", ", cells));
      if (mean > best + 1e-9) {
        best = mean;
        chosen = l2;
      }
    }
    LogisticModel model = LogisticModel.fitMonotone(features, x(originals()), y(originals()), chosen,
        fileWeights(originals()));
    Calibration calibration = calibrate(pooledFolds(chosen), originalNames());
    printModel(model, chosen, best);
    String summary = report(chosen, calibration);
    return new Fit(model, calibration, summary);
  }

  /** Each file's (and variant's) calls, risk from a model fitted on the other folds of its original file's calls. */
  private Map<String, Map<String, CallRisk>> inFile(double l2) {
    Map<String, Map<String, CallRisk>> risks = new LinkedHashMap<>();
    for (String file : byFile.keySet()) {
      List<TrainCommand.Row> train = byFile.get(original(file));
      double[] r = new double[byFile.get(file).size()];
      for (int f = 0; f < folds; f++) {
        List<TrainCommand.Row> fit = new ArrayList<>();
        for (TrainCommand.Row row : train) if (fold(row) != f) fit.add(row);
        LogisticModel m = LogisticModel.fitMonotone(features, x(fit), y(fit), l2);
        for (int i = 0; i < r.length; i++) if (fold(byFile.get(file).get(i)) == f) r[i] = m.probability(byFile.get(file).get(i).x());
      }
      risks.put(file, perCall(byFile.get(file), r));
    }
    return risks;
  }

  /**
   * Every file's (and variant's) calls, risk from the shipped kind of model (all files pooled, each counting equally)
   * fitted without the call's fold: what the calibration is fitted on and the in-file calibration is judged on.
   */
  private Map<String, Map<String, CallRisk>> pooledFolds(double l2) {
    Map<String, double[]> risk = new LinkedHashMap<>();
    for (String file : byFile.keySet()) risk.put(file, new double[byFile.get(file).size()]);
    for (int f = 0; f < folds; f++) {
      List<TrainCommand.Row> fit = new ArrayList<>();
      for (TrainCommand.Row row : originals()) if (fold(row) != f) fit.add(row);
      LogisticModel m = LogisticModel.fitMonotone(features, x(fit), y(fit), l2, fileWeights(fit));
      for (String file : byFile.keySet()) {
        List<TrainCommand.Row> rows = byFile.get(file);
        for (int i = 0; i < rows.size(); i++) if (fold(rows.get(i)) == f) risk.get(file)[i] = m.probability(rows.get(i).x());
      }
    }
    Map<String, Map<String, CallRisk>> out = new LinkedHashMap<>();
    for (String file : byFile.keySet()) out.put(file, perCall(byFile.get(file), risk.get(file)));
    return out;
  }

  /** With several original files: each one's calls (and its variants') from a model fitted on the other files. */
  private Map<String, Map<String, CallRisk>> leftOut(double l2) {
    Map<String, Map<String, CallRisk>> risks = new LinkedHashMap<>();
    if (originalNames().size() < 2) return risks;
    for (String file : byFile.keySet()) {
      List<TrainCommand.Row> fit = new ArrayList<>();
      for (String other : originalNames()) if (!other.equals(original(file))) fit.addAll(byFile.get(other));
      LogisticModel m = LogisticModel.fitMonotone(features, x(fit), y(fit), l2, fileWeights(fit));
      double[] r = byFile.get(file).stream().mapToDouble(row -> m.probability(row.x())).toArray();
      risks.put(file, perCall(byFile.get(file), r));
    }
    return risks;
  }

  /** Platt scaling on the held-out call risks of the named files, pooled with each file counting equally. */
  private static Calibration calibrate(Map<String, Map<String, CallRisk>> risks, List<String> files) {
    List<CallRisk> pooled = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (String f : files) {
      pooled.addAll(risks.get(f).values());
      for (int i = 0; i < risks.get(f).size(); i++) weights.add(1.0 / risks.get(f).size());
    }
    double[] r = pooled.stream().mapToDouble(CallRisk::risk).toArray();
    boolean[] y = new boolean[pooled.size()];
    for (int i = 0; i < y.length; i++) y[i] = pooled.get(i).y();
    return Calibration.fit(r, y, weights.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** A weight per row that makes each file count equally, however many sentences it has. */
  private static double[] fileWeights(List<TrainCommand.Row> rows) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (TrainCommand.Row r : rows) sizes.merge(r.file(), 1, Integer::sum);
    return rows.stream().mapToDouble(r -> 1.0 / sizes.get(r.file())).toArray();
  }

  /**
   * Per file and variant, the calibrated probability's ECE, mean and flag rate beside the true rate: in-file
   * (held-out folds of the pooled model, calibration fitted on all files) and cross-file (model and calibration fitted on the other
   * files); then the score's correlation with response length, overall and within each class.
   */
  private String report(double l2, Calibration calibration) {
    Map<String, Map<String, CallRisk>> inFile = pooledFolds(l2), leftOut = leftOut(l2);
    out.printf(Locale.ROOT, "  calibration (Platt, slope %.3f, intercept %+.3f); ECE over %d bins, flag at 0.5%n",
        calibration.slope(), calibration.intercept(), Reliability.BINS);
    List<String> summary = new ArrayList<>();
    for (String file : byFile.keySet()) {
      Reliability in = reliability(inFile.get(file), calibration);
      String line = String.format(Locale.ROOT, "%s: in-file AUROC %.3f ECE %.3f (mean %.3f, flagged %.3f, true %.3f)",
          file, auroc(inFile.get(file)), in.ece(), in.meanScore(), in.flagRate(), in.trueRate());
      if (leftOut.containsKey(file)) {
        List<String> others = originalNames().stream().filter(o -> !o.equals(original(file))).toList();
        Reliability lo = reliability(leftOut.get(file), calibrate(inFileOf(l2, others), others));
        line += String.format(Locale.ROOT, "; cross-file AUROC %.3f ECE %.3f (mean %.3f, flagged %.3f)",
            auroc(leftOut.get(file)), lo.ece(), lo.meanScore(), lo.flagRate());
      } else {
        line += "; cross-file: no other file with this evidence";
      }
      line += String.format(Locale.ROOT, "; length-only correlation %+.3f (within classes %+.3f)",
          lengthCorrelation(inFile.get(file), null), withinClasses(inFile.get(file)));
      out.println("  " + line);
      summary.add(line);
    }
    return "l2 " + l2 + "; " + String.join(" | ", summary);
  }

  private Map<String, Map<String, CallRisk>> inFileOf(double l2, List<String> files) {
    Map<String, Map<String, CallRisk>> all = inFile(l2);
    Map<String, Map<String, CallRisk>> out = new LinkedHashMap<>();
    for (String f : files) out.put(f, all.get(f));
    return out;
  }

  private static Reliability reliability(Map<String, CallRisk> calls, Calibration c) {
    double[] p = calls.values().stream().mapToDouble(r -> c.apply(r.risk())).toArray();
    boolean[] y = new boolean[p.length];
    int i = 0;
    for (CallRisk r : calls.values()) y[i++] = r.y();
    return Reliability.of(p, y, 0.5);
  }

  /** Pearson correlation of the risk with log response words, over the calls of one class (null: all). */
  private static double lengthCorrelation(Map<String, CallRisk> calls, Boolean cls) {
    List<CallRisk> rs = calls.values().stream().filter(r -> cls == null || r.y() == cls).toList();
    double[] a = rs.stream().mapToDouble(CallRisk::risk).toArray();
    double[] b = rs.stream().mapToDouble(r -> Math.log1p(r.words())).toArray();
    return pearson(a, b);
  }

  /** The mean of the two within-class correlations: length's own pull, with the label's held apart. */
  private static double withinClasses(Map<String, CallRisk> calls) {
    double pos = lengthCorrelation(calls, true), neg = lengthCorrelation(calls, false);
    if (Double.isNaN(pos)) return neg;
    return Double.isNaN(neg) ? pos : (pos + neg) / 2;
  }

  static double pearson(double[] a, double[] b) {
    int n = a.length;
    if (n < 3) return Double.NaN;
    double ma = 0, mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i] / n;
      mb += b[i] / n;
    }
    double cov = 0, va = 0, vb = 0;
    for (int i = 0; i < n; i++) {
      cov += (a[i] - ma) * (b[i] - mb);
      va += (a[i] - ma) * (a[i] - ma);
      vb += (b[i] - mb) * (b[i] - mb);
    }
    return va == 0 || vb == 0 ? Double.NaN : cov / Math.sqrt(va * vb);
  }

  private void printModel(LogisticModel model, double l2, double heldOut) {
    out.printf(Locale.ROOT, "  chosen l2 %s (mean held-out AUROC %.3f); weights (non-negative; 0 = left out):%n", l2, heldOut);
    for (int j = 0; j < model.features().size(); j++) {
      out.printf(Locale.ROOT, "    %-24s weight %+.3f   (mean %.3f, scale %.3f)%n", model.features().get(j),
          model.weights()[j], model.mean()[j], model.scale()[j]);
    }
    out.printf(Locale.ROOT, "    %-24s %+.3f%n", "bias", model.bias());
  }

  private static Map<String, CallRisk> perCall(List<TrainCommand.Row> rows, double[] risk) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, CallRisk> out = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      TrainCommand.Row r = rows.get(i);
      double[] s = sums.computeIfAbsent(r.callId(), k -> new double[3]);
      s[0] += risk[i];
      s[1]++;
      if (r.y()) s[2] = 1;
      out.put(r.callId(), new CallRisk(s[0] / s[1], s[2] > 0, r.words()));
    }
    return out;
  }

  private static double auroc(Map<String, CallRisk> calls) {
    double[] p = calls.values().stream().mapToDouble(CallRisk::risk).toArray();
    boolean[] y = new boolean[p.length];
    int i = 0;
    for (CallRisk r : calls.values()) y[i++] = r.y();
    return RankMetrics.auroc(p, y);
  }

  private List<String> originalNames() {
    return byFile.keySet().stream().filter(f -> !f.contains(TrainCommand.VARIANT)).toList();
  }

  private List<TrainCommand.Row> originals() {
    List<TrainCommand.Row> rows = new ArrayList<>();
    for (String f : originalNames()) rows.addAll(byFile.get(f));
    return rows;
  }

  private static String original(String file) {
    int k = file.indexOf(TrainCommand.VARIANT);
    return k < 0 ? file : file.substring(0, k);
  }

  private int fold(TrainCommand.Row r) {
    return Math.floorMod(r.callId().hashCode() * 0x9E3779B1, folds);
  }

  private static double[][] x(List<TrainCommand.Row> rows) {
    return rows.stream().map(TrainCommand.Row::x).toArray(double[][]::new);
  }

  private static boolean[] y(List<TrainCommand.Row> rows) {
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < y.length; i++) y[i] = rows.get(i).y();
    return y;
  }
}
