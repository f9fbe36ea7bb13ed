package dev.glassbox.store;

import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explain.HashingEncoder;

/** Realistic explanations for tests: core's own explainer run with its instant hashing encoder. */
final class Explanations {

  private static final CallCodec CODEC = new CallCodec();

  private Explanations() {}

  /** A call with context, token log-probabilities and samples: every block is present. */
  static Explanation full(String id, String timestamp) {
    return full(id, timestamp, "acme");
  }

  /** {@link #full(String, String)} logged by the given tenant. */
  static Explanation full(String id, String timestamp, String tenant) {
    return explain("""
        {"id": "%s", "timestamp": "%s", "app": "support-bot", "model": "gpt-4o-mini", "tenant": "%s",
         "prompt": [{"role": "system", "content": "Answer from the context."},
                    {"role": "user", "content": "Where is the Eiffel Tower?"}],
         "response": "The Eiffel Tower is in Paris. Bananas grow on volcanic moons.",
         "context": [{"id": "kb-17", "text": "History of Paris. The Eiffel Tower is in Paris."}],
         "logprobs": [{"token": "The", "logprob": -0.01, "top_logprobs": [{"token": "The", "logprob": -0.01}]},
                      {"token": " Eiffel", "logprob": -0.2, "top_logprobs": [{"token": " Eiffel", "logprob": -0.2},
                                                                            {"token": " tower", "logprob": -1.8}]},
                      {"token": " Tower", "logprob": -0.05},
                      {"token": " Bananas", "logprob": -3.0}],
         "samples": ["The Eiffel Tower is in Paris.", "It stands in Paris, France."],
         "attributes": {"user": "u-7f3a", "latency_ms": 812}}
        """.formatted(id, timestamp, tenant));
  }

  /** A call with only the required fields: no context, logprobs or samples. */
  static Explanation bare(String id, String timestamp, String app, String response) {
    return explain("""
        {"id": "%s", "timestamp": "%s", "app": "%s", "model": "m-1", "prompt": "Say something.",
         "response": %s}
        """.formatted(id, timestamp, app, dev.glassbox.core.json.Json.string(response)));
  }

  /** {@link #bare} of app {@code a} with {@code attributes.revision}. */
  static Explanation revised(String id, String timestamp, String response, long revision) {
    return explain("""
        {"id": "%s", "timestamp": "%s", "app": "a", "model": "m-1", "prompt": "Say something.",
         "response": %s, "attributes": {"revision": %d}}
        """.formatted(id, timestamp, dev.glassbox.core.json.Json.string(response), revision));
  }

  static Explanation explain(String callJson) {
    return explain(callJson, ExplainerSettings.DEFAULT);
  }

  /** The call explained with the given settings, e.g. to choose whether and how it gets an attribution. */
  static Explanation explain(String callJson, ExplainerSettings settings) {
    CallCodec.Decoded d = CODEC.decode(callJson);
    if (!d.isValid()) throw new IllegalArgumentException(d.reason());
    return new CallExplainer(new HashingEncoder(), settings).explain(d.call());
  }
}
