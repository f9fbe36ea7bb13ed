package dev.glassbox.core.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.call.Passage;
import dev.glassbox.core.call.TokenLogprob;
import dev.glassbox.core.call.TokenLogprob.TopLogprob;
import dev.glassbox.core.explanation.Explanation.Redactions;
import dev.glassbox.core.explanation.Explanation.TokenUncertainty;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.redact.Redactor.Replacement;
import dev.glassbox.core.signal.UncertaintySignal;
import dev.glassbox.core.text.SentenceSplitter;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private static final Redactor REDACT = new Redactor(RedactionPolicy.DEFAULT);
  private static final Redactor HASH = new Redactor(
      RedactionPolicy.uniform(RedactionMode.HASH, EnumSet.allOf(PiiType.class), "test-key"));

  private static Call call(String prompt, String response, List<Passage> context, List<TokenLogprob> logprobs,
      List<String> samples, Map<String, Object> attributes) {
    return new Call("c-1", Instant.parse("2026-11-28T12:00:00Z"), "app", "m", "acme",
        List.of(new Message("user", prompt)), response, context, logprobs, samples, attributes,
        Map.of("hallucinated", true));
  }

  @Test
  void redactModeWritesTypedPlaceholdersAndReportsOriginalOffsets() {
    Redactor.RedactedText r = REDACT.redactText("Card 4111111111111111 and alice@example.com.", RedactionMode.REDACT);
    assertEquals("Card [CARD] and [EMAIL].", r.text());
    assertEquals(List.of(new Replacement(PiiType.CARD, 5, 21, "[CARD]"), new Replacement(PiiType.EMAIL, 26, 43, "[EMAIL]")),
        r.replacements());
  }

  @Test
  void hashModeIsKeyedAndStableAcrossSpellings() {
    // Expected values: HMAC-SHA-256 computed independently (Python hmac) over the normalised value, first 16 hex (64 bits).
    assertEquals("mail [EMAIL:f4ec100211f13d19]", HASH.redactText("mail alice@example.com", RedactionMode.HASH).text());
    assertEquals("mail [EMAIL:f4ec100211f13d19]", HASH.redactText("mail ALICE@example.com", RedactionMode.HASH).text());
    assertEquals("[CARD:b9a296a413d12fc6] = [CARD:b9a296a413d12fc6]",
        HASH.redactText("4111 1111 1111 1111 = 4111-1111-1111-1111", RedactionMode.HASH).text());
    Redactor otherKey = new Redactor(RedactionPolicy.uniform(RedactionMode.HASH, EnumSet.allOf(PiiType.class), "other-key"));
    assertEquals("[EMAIL:c8cd45c5d7e5c3ca]", otherKey.redactText("alice@example.com", RedactionMode.HASH).text());
    assertNotEquals(HASH.redactText("bob@example.com", RedactionMode.HASH).text(),
        HASH.redactText("alice@example.com", RedactionMode.HASH).text());
  }

  @Test
  void hashModeKeepsAtLeast64BitsOfTheHmacForEveryType() {
    String text = "alice@example.com 4111111111111111 192.0.2.7 GB82WEST12345698765432 or call +44 20 7946 0958.";
    Redactor.RedactedText r = HASH.redactText(text, RedactionMode.HASH);
    assertEquals(5, r.replacements().size(), r.text());
    for (Replacement x : r.replacements()) {
      assertTrue(x.replacement().matches("\\[" + x.type().name() + ":[0-9a-f]{16,}\\]"), x.replacement());
    }
  }

  @Test
  void everyTextFieldIsRedactedAndCountedByFieldWhileIdsAndLabelsStay() {
    Map<String, Object> attributes = Map.of("user", "dave@example.com", "latency_ms", 812,
        "client", Map.of("ips", List.of("192.0.2.7", "not an ip")));
    Call c = call("I am alice@example.com", "Write to alice@example.com or call +44 20 7946 0958.",
        List.of(new Passage("kb-1", "Server 198.51.100.23")), List.of(), List.of("Card 4111111111111111."), attributes);
    RedactedCall r = REDACT.redact(c);
    Call out = r.call();
    assertEquals("I am [EMAIL]", out.prompt().get(0).content());
    assertEquals("Write to [EMAIL] or call [PHONE].", out.response());
    assertEquals(new Passage("kb-1", "Server [IP]"), out.context().get(0));
    assertEquals(List.of("Card [CARD]."), out.samples());
    assertEquals("[EMAIL]", out.attributes().get("user"));
    assertEquals(812, out.attributes().get("latency_ms"));
    assertEquals(Map.of("ips", List.of("[IP]", "not an ip")), out.attributes().get("client"));
    assertEquals("c-1", out.id());
    assertEquals(c.labels(), out.labels());

    assertEquals(7, r.counts().total());
    assertEquals(2, r.counts().count(PiiType.EMAIL, FieldGroup.PROMPT) + r.counts().count(PiiType.EMAIL, FieldGroup.RESPONSE));
    Redactions s = r.summary();
    assertEquals(7, s.total());
    assertEquals(Map.of("email", 3, "phone", 1, "card", 1, "ip", 2), s.byType());
    assertEquals(Map.of("prompt", 1, "response", 2, "context", 1, "samples", 1, "attributes", 2), s.byField());
    assertEquals("redact", s.modes().get("response"));
  }

  @Test
  void eachFieldGroupHasItsOwnMode() {
    RedactionPolicy policy = RedactionPolicy.parse("redact", Map.of("response", "off", "samples", "hash"),
        List.of("email", "card"), "k");
    RedactedCall r = new Redactor(policy).redact(call("alice@example.com 192.0.2.1", "alice@example.com", List.of(),
        List.of(), List.of("alice@example.com"), Map.of()));
    assertEquals("[EMAIL] 192.0.2.1", r.call().prompt().get(0).content(), "ip detector not enabled");
    assertEquals("alice@example.com", r.call().response());
    assertTrue(r.call().samples().get(0).startsWith("[EMAIL:"));
    assertEquals(Map.of("prompt", 1, "samples", 1), r.summary().byField());
    assertEquals("off", r.summary().modes().get("response"));
  }

  @Test
  void offReturnsTheSameCallAndNoSummary() {
    Call c = call("alice@example.com", "ok", List.of(), List.of(), List.of(), Map.of());
    RedactedCall r = new Redactor(RedactionPolicy.OFF).redact(c);
    assertSame(c, r.call());
    assertNull(r.summary());
  }

  @Test
  void logprobTokensTileTheRedactedResponseSoTokenOffsetsAreRight() {
    String response = "Card 4012888888881881 is on file for erin@example.com.";
    List<String> pieces = List.of("Card", " 401", "288", "888", "888", "1881", " is", " on", " file", " for", " erin",
        "@", "example", ".com", ".");
    List<TokenLogprob> lps = new java.util.ArrayList<>();
    for (String p : pieces) {
      lps.add(new TokenLogprob(p, -0.5, List.of(new TopLogprob(p, -0.5), new TopLogprob(" 402", -2.0))));
    }
    Call out = REDACT.redact(call("q", response, List.of(), lps, List.of(), Map.of())).call();
    assertEquals("Card [CARD] is on file for [EMAIL].", out.response());
    List<String> tokens = out.logprobs().stream().map(TokenLogprob::token).toList();
    // The card [5,21) spans 5 tokens: "[CARD]" (6 chars) is cut at round(6*(end-5)/16) for token ends 8, 11, 14,
    // 17, 21: 1, 2, 3, 5 (4.5 rounds up), 6. The e-mail [37,53) spans 4: "[EMAIL]" (7) is cut at
    // round(7*(end-37)/16) for ends 41, 42, 49, 53: 2, 2, 5, 7, so "@" gets nothing.
    assertEquals(List.of("Card", " [", "C", "A", "RD", "]", " is", " on", " file", " for", " [E", "", "MAI", "L]", "."),
        tokens);
    assertEquals(out.response(), String.join("", tokens));
    // Alternatives: the chosen one follows the token, the others are masked; the log-probs are untouched.
    assertEquals(List.of(new TopLogprob(" [", -0.5), new TopLogprob(Redactor.OTHER_ALTERNATIVE, -2.0)),
        out.logprobs().get(1).topLogprobs());
    assertEquals(List.of(new TopLogprob(" is", -0.5), new TopLogprob(" 402", -2.0)), out.logprobs().get(6).topLogprobs());

    Uncertainty u = UncertaintySignal.compute(out.response(), out.logprobs(), SentenceSplitter.split(out.response()));
    for (TokenUncertainty t : u.tokens()) {
      if (t.end() > t.start()) assertEquals(t.token(), out.response().substring(t.start(), t.end()));
    }
    assertEquals(4, u.tokens().get(1).start(), "the token keeps its leading space");
    assertEquals(u.tokens().get(11).start(), u.tokens().get(11).end(), "an empty slice is reported unlocated");
  }

  @Test
  void aTokenThatIsAWholeValueButCannotBeLocatedIsRedactedOnItsOwn() {
    List<TokenLogprob> lps = List.of(new TokenLogprob("alice@example.com", -1, List.of()));
    Call out = REDACT.redact(call("q", "The answer.", List.of(), lps, List.of(), Map.of())).call();
    assertEquals("[EMAIL]", out.logprobs().get(0).token());
  }

  @Test
  void badPoliciesAreClearErrors() {
    IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
        () -> RedactionPolicy.parse("hash", Map.of(), List.of("email"), " "));
    assertTrue(noKey.getMessage().startsWith("redaction mode hash needs a secret hash key"), noKey.getMessage());
    assertEquals("unknown redaction mode 'mask': use redact, hash or off",
        assertThrows(IllegalArgumentException.class, () -> RedactionMode.parse("mask")).getMessage());
    assertEquals("unknown redaction detector 'ssn': use some of [secret, card, iban, email, ip, phone]",
        assertThrows(IllegalArgumentException.class, () -> PiiType.parse("ssn")).getMessage());
    assertEquals("unknown redaction field group 'labels': use one of [prompt, response, context, samples, attributes]",
        assertThrows(IllegalArgumentException.class,
            () -> RedactionPolicy.parse("redact", Map.of("labels", "off"), List.of(), null)).getMessage());
    assertTrue(RedactionPolicy.parse("hash", Map.of(), List.of(), "k").toString().contains("hashKey=set"));
  }
}
