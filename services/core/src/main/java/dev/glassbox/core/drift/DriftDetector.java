package dev.glassbox.core.drift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Compares one window of calls with its reference: MMD and a classifier test on prompt and response embeddings,
 * KS on every scalar signal and a proportion test on the flagged rate, all under one Holm correction; PSI per
 * signal; concept prevalence (or k-means clusters) to say what changed. The CLI and the drift service both call this.
 */
public final class DriftDetector {

  /** Fewer values than this on either side and a signal is not tested (its p-value would mean little). */
  static final int MIN_VALUES = 10;

  private final DriftSettings settings;
  private final List<ConceptVector> concepts;

  public DriftDetector(DriftSettings settings, List<ConceptVector> concepts) {
    this.settings = Objects.requireNonNull(settings);
    this.concepts = List.copyOf(concepts);
  }

  public DriftSettings settings() {
    return settings;
  }

  /** One hypothesis test before the Holm correction: what was tested, how, its statistic and raw p-value. */
  private record Tested(String name, String method, double statistic, double p) {}

  /** The prompt-side MMD witness and the (distinct) window points it was computed on, for the examples. */
  private record Witness(double[] values, List<DriftPoint> points) {}

  /** Compares {@code window} with {@code reference}; both need at least four calls. */
  public DriftReport compare(String app, String model, String tenant, String referencePolicy,
      List<DriftPoint> reference, List<DriftPoint> window) {
    if (reference.size() < 4 || window.size() < 4) {
      throw new IllegalArgumentException("drift needs at least four calls in the reference and in the window");
    }
    long started = System.nanoTime();
    SplittableRandom random = new SplittableRandom(settings.seed());
    List<DriftPoint> refSample = subsample(reference, settings.maxPerSide(), random);
    List<DriftPoint> winSample = subsample(window, settings.maxPerSide(), random);

    List<Tested> tested = new ArrayList<>();
    Witness witness = embeddingTests(refSample, winSample, tested);
    List<DriftReport.SignalShift> psi = signalTests(reference, window, tested);
    List<DriftReport.Test> tests = holm(tested);
    boolean drifted = tests.stream().anyMatch(DriftReport.Test::rejected);

    float[][] refPrompts = vectors(refSample, DriftPoint::prompt);
    float[][] winPrompts = vectors(winSample, DriftPoint::prompt);
    String changesBy = "none";
    List<DriftReport.Change> changes = List.of();
    if (refPrompts != null && winPrompts != null) {
      changesBy = concepts.isEmpty() ? "clusters" : "concepts";
      changes = concepts.isEmpty() ? clusterChanges(refSample, winSample, refPrompts, winPrompts)
          : conceptChanges(refPrompts, winPrompts);
    }
    List<String> examples = witness == null ? List.of() : bestExamples(witness.points(), witness.values());
    return new DriftReport(app, model, tenant, iso(min(window)), iso(max(window)), window.size(),
        new DriftReport.Reference(referencePolicy, iso(min(reference)), iso(max(reference)), reference.size()),
        drifted, settings.alpha(), "holm", tests, psi, changesBy, changes, examples,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** MMD and the classifier test on the prompt and the response embeddings; returns the prompt side's witness. */
  private Witness embeddingTests(List<DriftPoint> refSample, List<DriftPoint> winSample, List<Tested> tested) {
    Witness witness = null;
    for (String side : List.of("prompt", "response")) {
      Function<DriftPoint, float[]> vector = side.equals("prompt") ? DriftPoint::prompt : DriftPoint::response;
      // The two-sample tests assume independent draws: a text logged twice on one side (a retried or popular
      // question) would look like a tight cluster the other side lacks, and would leak across the classifier's
      // train/test split. Each side's repeats are tested once.
      List<DriftPoint> refDistinct = distinct(refSample, vector), winDistinct = distinct(winSample, vector);
      float[][] r = vectors(refDistinct, vector);
      float[][] w = vectors(winDistinct, vector);
      if (r == null || w == null || r.length < 4 || w.length < 4) continue;
      Mmd.Result mmd = Mmd.test(r, w, settings.permutations(), settings.seed());
      if (side.equals("prompt")) witness = new Witness(mmd.witness(), winDistinct);
      tested.add(new Tested("mmd_" + side, "mmd_rbf_permutation", mmd.statistic(), mmd.pValue()));
      ClassifierTest.Result c2st = ClassifierTest.test(r, w, settings.seed());
      tested.add(new Tested("classifier_" + side, "classifier_auc", c2st.auc(), c2st.pValue()));
    }
    return witness;
  }

  /** KS on each scalar signal and the proportion test on the flagged rate (added to {@code tested}); PSI per signal. */
  private List<DriftReport.SignalShift> signalTests(List<DriftPoint> reference, List<DriftPoint> window,
      List<Tested> tested) {
    List<DriftReport.SignalShift> psi = new ArrayList<>();
    for (int s = 0; s < DriftPoint.SIGNALS.size(); s++) {
      double[] r = values(reference, s), w = values(window, s);
      if (r.length < MIN_VALUES || w.length < MIN_VALUES) continue;
      String signal = DriftPoint.SIGNALS.get(s);
      if (s == DriftPoint.FLAGGED) {
        double hr = sum(r), hw = sum(w);
        tested.add(new Tested(signal, "two_proportion_z", hw / w.length - hr / r.length,
            Normal.twoProportionP(hr, r.length, hw, w.length)));
      } else {
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(r, w);
        tested.add(new Tested(signal, "ks", ks.statistic(), ks.pValue()));
      }
      double index = Psi.index(r, w, settings.psiBins());
      psi.add(new DriftReport.SignalShift(signal, round(sum(r) / r.length), round(sum(w) / w.length), round(index),
          settings.psiThreshold(), index > settings.psiThreshold()));
    }
    return psi;
  }

  /** Every test under one Holm correction at the settings' alpha. */
  private List<DriftReport.Test> holm(List<Tested> tested) {
    double[] p = tested.stream().mapToDouble(Tested::p).toArray();
    Holm.Decision holm = Holm.apply(p, settings.alpha());
    List<DriftReport.Test> tests = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      Tested t = tested.get(i);
      tests.add(new DriftReport.Test(t.name(), t.method(), round(t.statistic()), p[i], holm.thresholds()[i],
          holm.adjusted()[i], holm.rejected()[i]));
    }
    return tests;
  }

  private List<DriftReport.Change> conceptChanges(float[][] ref, float[][] win) {
    float[] refCentre = ConceptVector.mean(ref);
    List<DriftReport.Change> out = new ArrayList<>();
    for (ConceptVector c : concepts) {
      float[] base = c.counterCentre() != null ? c.counterCentre() : othersCentre(c, refCentre);
      double[] u = new double[base.length];
      double norm = 0;
      for (int d = 0; d < u.length; d++) {
        u[d] = c.examplesCentre()[d] - base[d];
        norm += u[d] * u[d];
      }
      norm = Math.sqrt(norm);
      if (norm == 0) continue;
      // Halfway between the examples and the base along the direction: "closer to the concept than to what it is not".
      double threshold = (project(u, c.examplesCentre()) + project(u, base)) / 2;
      int hitsR = 0, hitsW = 0;
      for (float[] v : ref) if (project(u, v) > threshold) hitsR++;
      for (float[] v : win) if (project(u, v) > threshold) hitsW++;
      out.add(change(c.name(), hitsR, ref.length, hitsW, win.length, List.of()));
    }
    return top(out);
  }

  /**
   * What a concept without counter-examples is contrasted with: the other concepts' examples when there are any (a
   * reference dominated by the concept itself would turn its direction around), else the reference's mean.
   */
  private float[] othersCentre(ConceptVector concept, float[] refCentre) {
    List<float[]> others = new ArrayList<>();
    for (ConceptVector c : concepts) if (c != concept) others.add(c.examplesCentre());
    return others.isEmpty() ? refCentre : ConceptVector.mean(others.toArray(new float[0][]));
  }

  /**
   * Clusters reference and window together, so a topic new in the window gets clusters of its own, then names each
   * cluster by its prompts nearest the centre.
   */
  private List<DriftReport.Change> clusterChanges(List<DriftPoint> refSample, List<DriftPoint> winSample,
      float[][] ref, float[][] win) {
    float[][] pooled = new float[ref.length + win.length][];
    System.arraycopy(ref, 0, pooled, 0, ref.length);
    System.arraycopy(win, 0, pooled, ref.length, win.length);
    KMeans.Result km = KMeans.fit(pooled, settings.clusters(), settings.seed());
    List<DriftReport.Change> out = new ArrayList<>();
    for (int c = 0; c < km.centroids().length; c++) {
      int hitsR = 0, hitsW = 0;
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < pooled.length; i++) {
        if (km.assignment()[i] != c) continue;
        members.add(i);
        if (i < ref.length) hitsR++;
        else hitsW++;
      }
      if (members.isEmpty()) continue;
      float[] centre = km.centroids()[c];
      members.sort(Comparator.comparingDouble(i -> KMeans.distance2(pooled[i], centre)));
      List<String> prompts = new ArrayList<>();
      for (int i : members) {
        String text = i < ref.length ? refSample.get(i).promptText() : winSample.get(i - ref.length).promptText();
        if (!text.isEmpty() && !prompts.contains(text)) prompts.add(shorten(text));
        if (prompts.size() == 3) break;
      }
      String name = prompts.isEmpty() ? "cluster " + c : prompts.get(0);
      out.add(change(name, hitsR, ref.length, hitsW, win.length, prompts));
    }
    return top(out);
  }

  /** The largest rises, largest first, then the largest falls. */
  private List<DriftReport.Change> top(List<DriftReport.Change> all) {
    List<DriftReport.Change> out = new ArrayList<>(all.stream().filter(c -> c.change() > 0)
        .sorted(Comparator.comparingDouble((DriftReport.Change c) -> -c.change())).limit(settings.topChanges()).toList());
    out.addAll(all.stream().filter(c -> c.change() < 0)
        .sorted(Comparator.comparingDouble(DriftReport.Change::change)).limit(settings.topChanges()).toList());
    return out;
  }

  private static DriftReport.Change change(String name, int hitsR, int nR, int hitsW, int nW, List<String> prompts) {
    double r = (double) hitsR / nR, w = (double) hitsW / nW;
    return new DriftReport.Change(name, round(r), round(w), round(w - r), Normal.twoProportionP(hitsR, nR, hitsW, nW),
        prompts);
  }

  private List<String> bestExamples(List<DriftPoint> winSample, double[] witness) {
    Integer[] order = new Integer[witness.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingDouble(i -> -witness[i]));
    List<String> out = new ArrayList<>();
    for (int i : order) {
      String text = winSample.get(i).promptText();
      if (!text.isEmpty() && !out.contains(shorten(text))) out.add(shorten(text));
      if (out.size() == settings.examples()) break;
    }
    return out;
  }

  private static double project(double[] u, float[] v) {
    double s = 0;
    for (int d = 0; d < u.length; d++) s += u[d] * v[d];
    return s;
  }

  /**
   * The points whose vector on {@code side} differs from every earlier one's (the first of each repeat). The int8
   * encoder quantises activations per batch, so one text embedded in two batches lands up to ~0.02 apart (squared
   * distance of unit vectors; measured); "the same" therefore means closer than {@link #SAME_TEXT}, while a question
   * that differs by one character is ~0.14 away and two different questions ~1.7.
   */
  public static <T> List<T> distinct(List<T> points, Function<T, float[]> side) {
    List<T> out = new ArrayList<>();
    List<float[]> kept = new ArrayList<>();
    for (T p : points) {
      float[] v = side.apply(p);
      if (v == null) {
        out.add(p);
        continue;
      }
      boolean repeat = false;
      for (float[] k : kept) {
        if (k.length == v.length && squaredDistance(k, v) < SAME_TEXT) {
          repeat = true;
          break;
        }
      }
      if (!repeat) {
        kept.add(v);
        out.add(p);
      }
    }
    return out;
  }

  /** Squared distance under which two embeddings count as one text embedded twice. */
  static final double SAME_TEXT = 0.05;

  private static double squaredDistance(float[] a, float[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      double x = a[d] - b[d];
      s += x * x;
    }
    return s;
  }

  /** Embeddings of the points, or null when any point lacks one (an explainer run without embeddings). */
  private static float[][] vectors(List<DriftPoint> points, Function<DriftPoint, float[]> side) {
    float[][] out = new float[points.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = side.apply(points.get(i));
      if (out[i] == null || out[i].length == 0 || out[i].length != out[0].length) return null;
    }
    return out;
  }

  private static double[] values(List<DriftPoint> points, int signal) {
    return points.stream().mapToDouble(p -> p.signals()[signal]).filter(v -> !Double.isNaN(v)).toArray();
  }

  /** A uniform subsample of at most {@code max} points, in their order. */
  public static <T> List<T> subsample(List<T> points, int max, SplittableRandom random) {
    if (points.size() <= max) return points;
    int[] idx = new int[points.size()];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    Mmd.shuffle(idx, random);
    int[] keep = Arrays.copyOf(idx, max);
    Arrays.sort(keep);
    List<T> out = new ArrayList<>(max);
    for (int i : keep) out.add(points.get(i));
    return out;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
  }

  private static long min(List<DriftPoint> ps) {
    return ps.stream().mapToLong(DriftPoint::timestampMillis).min().orElse(0);
  }

  private static long max(List<DriftPoint> ps) {
    return ps.stream().mapToLong(DriftPoint::timestampMillis).max().orElse(0);
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  static String shorten(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  static double round(double x) {
    return Math.round(x * 1e6) / 1e6;
  }
}
