package dev.glassbox.drift;

import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the drift service. */
@ConfigMapping(prefix = "glassbox.drift")
public interface DriftConfig {

  /** Topic of the explanations to window; also list it in {@code quarkus.kafka-streams.topics}. */
  @WithDefault(Topics.EXPLANATIONS)
  String inputTopic();

  /** Topic the drift reports are written to; also list it in {@code quarkus.kafka-streams.topics}. */
  @WithDefault(Topics.DRIFT)
  String outputTopic();

  /** Topic of unreadable explanations under the {@code dlq} policy (create it first: it is not created by default). */
  @WithDefault(Topics.EXPLANATIONS_DLQ)
  String dlqTopic();

  /**
   * What happens to an explanation that cannot be read: {@code log-and-continue} (logged, counted, skipped),
   * {@code dlq} (to the DLQ topic with reason headers) or {@code fail} (the stream stops).
   */
  @WithDefault("log-and-continue")
  FailurePolicy onBadRecord();

  /** Length of the tumbling time windows (per tenant, app and model). */
  @WithDefault("PT1H")
  Duration window();

  /** When above 0, windows close after this many calls instead of by time. */
  @WithDefault("0")
  int windowCalls();

  /** Fewest calls a time window closes with; a shorter window stays open into the next period. */
  @WithDefault("100")
  int minCalls();

  /** Reference policy: fixed (the first windows), previous (the last window) or sliding (the last K windows). */
  @WithDefault("fixed")
  String reference();

  /** fixed: calls the baseline gathers, in whole windows; 0 means one window. */
  @WithDefault("0")
  int referenceCalls();

  /** sliding: how many recent windows form the reference. */
  @WithDefault("3")
  int slidingWindows();

  /** Family-wise false-alarm rate per window (Holm over all of the window's tests). */
  @WithDefault("0.05")
  double alpha();

  /** Permutations of the MMD test. */
  @WithDefault("499")
  int permutations();

  /** Embeddings per side kept for the embedding tests (uniform subsample), bounding the cost of a window. */
  @WithDefault("500")
  int maxPerSide();

  /** k of the k-means that names what changed when no concepts are declared. */
  @WithDefault("8")
  int clusters();

  /** Concept file (JSON: name, examples, counter_examples); its phrases are embedded once at start. */
  Optional<String> conceptsFile();

  /** Seed of subsamples, permutations and k-means, so a replay gives the same reports. */
  @WithDefault("42")
  long seed();
}
