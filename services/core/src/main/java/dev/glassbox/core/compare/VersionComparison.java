package dev.glassbox.core.compare;

import dev.glassbox.core.drift.DriftDetector;
import dev.glassbox.core.drift.Holm;
import dev.glassbox.core.drift.Mmd;
import dev.glassbox.core.drift.Normal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Compares two versions of one app: flagged rate over checkable calls, checkable share, mean uncertainty,
 * reviewer-confirmed and (where labels are known) labelled hallucination rates, and MMD drift of the prompt and
 * response embeddings with the drift reports' own test; every test under one Holm correction. The store's
 * {@code /api/compare} and {@code glassbox compare} both call this.
 */
public final class VersionComparison {

  private final CompareSettings settings;

  public VersionComparison(CompareSettings settings) {
    this.settings = Objects.requireNonNull(settings);
  }

  public Comparison compare(String by, String nameA, String nameB, VersionSample a, VersionSample b) {
    double z = Normal.upperQuantile(settings.alpha() / 2);
    List<Comparison.Metric> metrics = new ArrayList<>();
    metrics.add(proportion("flagged_rate", a.flagged(), b.flagged(), z));
    metrics.add(proportion("checkable_share", a.checkable(), b.checkable(), z));
    metrics.add(mean("mean_uncertainty", a.uncertainty(), b.uncertainty()));
    metrics.add(proportion("reviewer_confirmed_rate", a.reviewed(), b.reviewed(), z));
    if (a.labelled().n() + b.labelled().n() > 0) metrics.add(proportion("labelled_rate", a.labelled(), b.labelled(), z));
    metrics.add(embeddings("mmd_prompt", a.prompts(), b.prompts()));
    metrics.add(embeddings("mmd_response", a.responses(), b.responses()));
    metrics = holm(metrics);
    boolean differs = metrics.stream().anyMatch(Comparison.Metric::significant);
    return new Comparison(by, nameA, nameB, settings.alpha(), "holm", metrics, differs,
        verdict(nameA, nameB, metrics));
  }

  private Comparison.Metric proportion(String name, Proportion a, Proportion b, double z) {
    Interval ia = a.n() == 0 ? null : a.wilson(z), ib = b.n() == 0 ? null : b.wilson(z);
    Double ra = a.n() == 0 ? null : a.rate(), rb = b.n() == 0 ? null : b.rate();
    if (a.n() < settings.minPerSide() || b.n() < settings.minPerSide()) {
      return new Comparison.Metric(name, "two_proportion_z", ra, ia, a.n(), rb, ib, b.n(), null, null, null, null, null,
          false, tooFew(a.n(), b.n()));
    }
    return new Comparison.Metric(name, "two_proportion_z", ra, ia, a.n(), rb, ib, b.n(), rb - ra,
        Proportion.newcombe(a, b, z), rb - ra, Proportion.zTestP(a, b), null, false, null);
  }

  private Comparison.Metric mean(String name, Moments a, Moments b) {
    double confidence = 1 - settings.alpha();
    Double ma = a.n() == 0 ? null : a.mean(), mb = b.n() == 0 ? null : b.mean();
    Interval ia = a.n() == 0 ? null : a.interval(confidence), ib = b.n() == 0 ? null : b.interval(confidence);
    if (a.n() < settings.minPerSide() || b.n() < settings.minPerSide()) {
      return new Comparison.Metric(name, "welch_t", ma, ia, a.n(), mb, ib, b.n(), null, null, null, null, null, false,
          tooFew(a.n(), b.n()));
    }
    Moments.Welch w = Moments.welch(a, b, confidence);
    return new Comparison.Metric(name, "welch_t", ma, ia, a.n(), mb, ib, b.n(), w.difference(), w.interval(), w.t(),
        w.pValue(), null, false, null);
  }

  /**
   * MMD between the two sides' embeddings, each side subsampled to {@code maxPerSide} and its repeats (a text logged
   * twice) tested once, exactly as a drift window is tested.
   */
  private Comparison.Metric embeddings(String name, List<float[]> a, List<float[]> b) {
    SplittableRandom random = new SplittableRandom(settings.seed());
    List<float[]> sa = DriftDetector.distinct(DriftDetector.subsample(a, settings.maxPerSide(), random), Function.identity());
    List<float[]> sb = DriftDetector.distinct(DriftDetector.subsample(b, settings.maxPerSide(), random), Function.identity());
    if (sa.size() < settings.minPerSide() || sb.size() < settings.minPerSide()) {
      return new Comparison.Metric(name, "mmd_rbf_permutation", null, null, sa.size(), null, null, sb.size(), null, null,
          null, null, null, false, tooFew(sa.size(), sb.size()));
    }
    Mmd.Result mmd = Mmd.test(sa.toArray(new float[0][]), sb.toArray(new float[0][]), settings.permutations(),
        settings.seed());
    return new Comparison.Metric(name, "mmd_rbf_permutation", null, null, sa.size(), null, null, sb.size(), null, null,
        mmd.statistic(), mmd.pValue(), null, false, null);
  }

  private String tooFew(long na, long nb) {
    return "not tested: " + na + " and " + nb + " values, fewer than " + settings.minPerSide() + " on a side";
  }

  /** The tested metrics under one Holm correction; untested ones pass through. */
  private List<Comparison.Metric> holm(List<Comparison.Metric> metrics) {
    double[] p = metrics.stream().filter(Comparison.Metric::tested).mapToDouble(Comparison.Metric::pValue).toArray();
    Holm.Decision d = Holm.apply(p, settings.alpha());
    List<Comparison.Metric> out = new ArrayList<>();
    int i = 0;
    for (Comparison.Metric m : metrics) {
      if (!m.tested()) {
        out.add(m);
        continue;
      }
      out.add(m.adjusted(d.adjusted()[i], d.rejected()[i]));
      i++;
    }
    return out;
  }

  /** One sentence: what differs, with the difference and its interval, or that nothing was found. */
  static String verdict(String nameA, String nameB, List<Comparison.Metric> metrics) {
    long tested = metrics.stream().filter(Comparison.Metric::tested).count();
    String family = String.format(Locale.ROOT, "%d test%s, Holm", tested, tested == 1 ? "" : "s");
    List<String> parts = new ArrayList<>();
    boolean promptsDiffer = false;
    for (Comparison.Metric m : metrics) {
      if (!m.significant()) continue;
      if (m.name().equals("mmd_prompt")) promptsDiffer = true;
      parts.add(m.difference() == null
          ? String.format(Locale.ROOT, "%s (adjusted p %.3g)", m.name(), m.adjustedPValue())
          : String.format(Locale.ROOT, "%s %+.4g [%.4g, %.4g] (adjusted p %.3g)", m.name(), m.difference(),
              m.differenceInterval().low(), m.differenceInterval().high(), m.adjustedPValue()));
    }
    if (tested == 0) return "nothing to compare: every metric has too few values on a side";
    if (parts.isEmpty()) return nameB + " does not differ significantly from " + nameA + " (" + family + ")";
    String sentence = nameB + " differs from " + nameA + " (" + family + "; b − a): " + String.join("; ", parts);
    return promptsDiffer ? sentence + ". The prompts differ too: the versions saw different traffic, so the other "
        + "differences may not be the version's doing" : sentence;
  }
}
