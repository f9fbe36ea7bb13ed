package dev.glassbox.core.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.call.CallCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps an OTLP/JSON trace export to calls: each LLM span by the convention it follows (OpenInference when it
 * has {@code openinference.span.kind}, otherwise OpenTelemetry GenAI); every other span is ignored and counted.
 */
public final class TraceAdapter {

  private final OtelGenAiAdapter genAi;
  private final OpenInferenceAdapter openInference;

  public TraceAdapter(CallCodec codec, String defaultApp) {
    this.genAi = new OtelGenAiAdapter(codec, defaultApp);
    this.openInference = new OpenInferenceAdapter(codec, defaultApp);
  }

  public TraceAdapter() {
    this(new CallCodec(), "otel");
  }

  /** Maps one export; never throws on bad input. */
  public Mapped adapt(JsonNode export) {
    OtlpSpans.Read read = OtlpSpans.read(export);
    Map<String, List<ObjectNode>> retrieved = new HashMap<>();
    for (OtlpSpans.Span s : read.spans()) {
      if (OpenInferenceAdapter.isOpenInference(s) && !OpenInferenceAdapter.isLlmSpan(s)) {
        retrieved.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).addAll(OpenInferenceAdapter.documents(s));
      }
    }
    List<Adapted> calls = new ArrayList<>();
    int ignored = 0;
    for (OtlpSpans.Span s : read.spans()) {
      if (OpenInferenceAdapter.isOpenInference(s)) {
        if (OpenInferenceAdapter.isLlmSpan(s)) calls.add(openInference.adapt(s, retrieved.getOrDefault(s.traceId(), List.of())));
        else ignored++;
      } else if (OtelGenAiAdapter.isLlmSpan(s)) {
        calls.add(genAi.adapt(s));
      } else {
        ignored++;
      }
    }
    return new Mapped(calls, ignored, read.errors());
  }
}
