package dev.glassbox.core.signal;

import dev.glassbox.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The learned weights of the hallucination score: one logistic model per kind of evidence, fitted by
 * {@code glassbox train} on the dev files only and shipped as a versioned resource.
 *
 * @param version bumped whenever features or their meaning change; the code refuses any other
 * @param trainedOn what each group was fitted on, with its cross-validated figures
 * @param calibration per kind of checkable evidence, the map from its learned risk to a probability
 */
public record HallucinationModel(int version, Map<String, String> trainedOn, Map<String, LogisticModel> groups,
    Map<String, Calibration> calibration) {

  public static final int VERSION = 2;
  public static final String RESOURCE = "dev/glassbox/core/signal/hallucination-model-v2.json";

  private static final class Bundled {
    static final HallucinationModel MODEL = load();

    private static HallucinationModel load() {
      try (InputStream in = HallucinationModel.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
        return read(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }

  /** The model this build ships. */
  public static HallucinationModel bundled() {
    return Bundled.MODEL;
  }

  public static HallucinationModel read(byte[] json) throws IOException {
    HallucinationModel m = Json.mapper().readValue(json, HallucinationModel.class);
    m.check();
    return m;
  }

  public byte[] toJson() {
    return Json.bytes(this);
  }

  /** Every group is present, with exactly the features this code computes, with or without the verifier's. */
  void check() {
    if (version != VERSION) throw new IllegalStateException("hallucination model version " + version + ", this code reads " + VERSION);
    for (String g : SentenceFeatures.GROUPS) {
      LogisticModel m = groups.get(g);
      if (m == null) throw new IllegalStateException("hallucination model has no " + g + " group");
      List<String> expected = SentenceFeatures.names(g);
      if (!expected.equals(m.features()) && !SentenceFeatures.namesWithVerifier(g).equals(m.features())) {
        throw new IllegalStateException("hallucination model " + g + " features " + m.features() + ", this code computes "
            + expected + " or " + SentenceFeatures.namesWithVerifier(g));
      }
    }
  }

  /** A model that knows nothing: every risk is one half. {@code glassbox train} scores with it while it learns. */
  public static HallucinationModel neutral() {
    Map<String, LogisticModel> groups = new java.util.LinkedHashMap<>();
    for (String g : SentenceFeatures.GROUPS) {
      int d = SentenceFeatures.names(g).size();
      double[] ones = new double[d];
      java.util.Arrays.fill(ones, 1);
      groups.put(g, new LogisticModel(SentenceFeatures.names(g), new double[d], ones, new double[d], 0));
    }
    return new HallucinationModel(VERSION, Map.of(), groups, Map.of());
  }

  /** The learned model of a kind of evidence (source material in the prompt is read as a context). */
  public LogisticModel group(String kind) {
    return groups.get(SentenceFeatures.modelGroup(kind));
  }

  /** The leading part of a feature vector (with the verifier's features last) that the kind's learned model reads. */
  public double[] input(String kind, double[] features) {
    int d = group(kind).features().size();
    return features.length == d ? features : java.util.Arrays.copyOf(features, d);
  }

  /** The probability a kind of evidence's learned risk stands for; uncalibrated kinds pass through. */
  public double probability(String kind, double risk) {
    Calibration c = calibration == null ? null : calibration.get(SentenceFeatures.modelGroup(kind));
    return c == null ? risk : c.apply(risk);
  }
}
