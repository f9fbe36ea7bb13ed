package dev.glassbox.core.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.Explanation.GroundedSentence;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.explain.HashingEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactedExplanationTest {

  private static final String CALL = """
      {"id":"r","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m","prompt":"Who owns card 4111111111111111?",
       "response":"Card 4111111111111111 belongs to alice@example.com. She lives in Paris.",
       "context":[{"id":"kb","text":"Card 4111111111111111 belongs to alice@example.com."}],
       "logprobs":[{"token":"Card","logprob":-0.1},{"token":" 4111111111111111","logprob":-2.0},{"token":" belongs","logprob":-0.2}]}
      """;

  @Test
  void explainingTheRedactedCallGivesOffsetsIntoTheRedactedResponse() {
    Call call = new CallCodec().decode(CALL).call();
    RedactedCall r = new Redactor(RedactionPolicy.DEFAULT).redact(call);
    Explanation e = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT).explain(r.call())
        .withRedactions(r.summary());
    String response = e.call().response();
    assertEquals("Card [CARD] belongs to [EMAIL]. She lives in Paris.", response);
    GroundedSentence first = e.grounding().sentences().get(0);
    assertEquals("Card [CARD] belongs to [EMAIL].", response.substring(first.start(), first.end()));
    assertEquals(" [CARD]", e.uncertainty().tokens().get(1).token());
    assertEquals(" [CARD]", response.substring(e.uncertainty().tokens().get(1).start(), e.uncertainty().tokens().get(1).end()));
    for (Explanation.SentenceRisk s : e.hallucination().sentences()) assertTrue(s.end() <= response.length());

    String json = new String(ExplanationCodec.encode(e), StandardCharsets.UTF_8);
    assertTrue(!json.contains("4111111111111111") && !json.contains("alice@example.com"), json);
    assertTrue(json.contains("\"redactions\":{\"total\":5,\"by_type\":{\"card\":3,\"email\":2}"), json);
    assertEquals(e.redactions(), ExplanationCodec.decode(ExplanationCodec.encode(e)).redactions());
  }

  @Test
  void explanationsWrittenBeforeRedactionExistedStillRead() {
    Call call = new CallCodec().decode(CALL).call();
    Explanation old = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT).explain(call);
    String json = new String(ExplanationCodec.encode(old), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"redactions\":null"));
    Explanation read = ExplanationCodec.decode(json.replace(",\"redactions\":null", "").getBytes(StandardCharsets.UTF_8));
    assertNull(read.redactions());
    assertEquals(old.callId(), read.callId());
  }
}
