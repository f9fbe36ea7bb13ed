package dev.glassbox.core.redact;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.call.Passage;
import dev.glassbox.core.call.TokenLogprob;
import dev.glassbox.core.call.TokenLogprob.TopLogprob;
import dev.glassbox.core.redact.PiiDetector.Finding;
import dev.glassbox.core.signal.UncertaintySignal;
import dev.glassbox.core.text.Span;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces personal data and secrets in a call before anything reads it, so that every text and
 * offset of its explanation refers to the redacted call.
 *
 * <p>Fields: prompt message contents, the response, context passage texts, samples, and string values
 * inside attributes (at any depth; keys are kept). Ids, app, model, tenant and timestamp are identifiers
 * and are kept; labels are never published and are kept.
 *
 * <p>Log-prob tokens are pieces of the response, so they follow its mode: each token is located in
 * the logged response exactly as the uncertainty signal locates it; a token overlapping a replaced
 * span gets its characters outside the span unchanged and, for the part inside, the slice of the
 * placeholder proportional to the part of the span it covered. The tokens of a response that they tiled
 * therefore tile the redacted response, and every token offset is right for it. A token can get an
 * empty slice when a short placeholder replaces a many-token value; it is then reported unlocated
 * ({@code start = end}), and its log-probability still counts. At a redacted position the top
 * alternatives equal to the chosen token take its new text and the others become {@code [REDACTED]}
 * (entropy is unchanged); elsewhere, and for tokens that could not be located, each token and
 * alternative is redacted on its own.
 */
public final class Redactor {

  /** What other alternatives at a redacted token position become; never equal to a placeholder slice. */
  static final String OTHER_ALTERNATIVE = "[REDACTED]";

  private final RedactionPolicy policy;
  private final PiiDetector detector;
  private final SecretKeySpec key;

  public Redactor(RedactionPolicy policy) {
    this.policy = policy;
    this.detector = new PiiDetector(policy.detectors());
    this.key = policy.hashKey() == null ? null
        : new SecretKeySpec(policy.hashKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public RedactionPolicy policy() {
    return policy;
  }

  /**
   * One replaced finding, in the coordinates of the original text.
   *
   * @param replacement what the redacted text holds instead
   */
  public record Replacement(PiiType type, int start, int end, String replacement) {}

  /** A redacted text and its replacements, in order. */
  public record RedactedText(String text, List<Replacement> replacements) {}

  /** Redacts the call by the policy; with nothing to do, returns the same call and a {@code null} summary. */
  public RedactedCall redact(Call call) {
    RedactionCounts counts = new RedactionCounts();
    if (!policy.active()) return new RedactedCall(call, counts, null);

    RedactionMode promptMode = policy.mode(FieldGroup.PROMPT);
    List<Message> prompt = new ArrayList<>(call.prompt().size());
    for (Message m : call.prompt()) {
      prompt.add(new Message(m.role(), text(m.content(), promptMode, FieldGroup.PROMPT, counts)));
    }

    RedactionMode responseMode = policy.mode(FieldGroup.RESPONSE);
    RedactedText response = redactText(call.response(), responseMode);
    for (Replacement r : response.replacements()) counts.add(r.type(), FieldGroup.RESPONSE);
    List<TokenLogprob> logprobs = call.logprobs().isEmpty() || responseMode == RedactionMode.OFF ? call.logprobs()
        : tokens(call.response(), response.replacements(), call.logprobs(), responseMode);

    RedactionMode contextMode = policy.mode(FieldGroup.CONTEXT);
    List<Passage> context = new ArrayList<>(call.context().size());
    for (Passage p : call.context()) {
      context.add(new Passage(p.id(), text(p.text(), contextMode, FieldGroup.CONTEXT, counts)));
    }

    RedactionMode samplesMode = policy.mode(FieldGroup.SAMPLES);
    List<String> samples = new ArrayList<>(call.samples().size());
    for (String s : call.samples()) samples.add(text(s, samplesMode, FieldGroup.SAMPLES, counts));

    Map<String, Object> attributes = policy.mode(FieldGroup.ATTRIBUTES) == RedactionMode.OFF ? call.attributes()
        : castMap(value(call.attributes(), policy.mode(FieldGroup.ATTRIBUTES), counts));

    Call redacted = new Call(call.id(), call.timestamp(), call.app(), call.model(), call.tenant(), prompt,
        response.text(), context, logprobs, samples, attributes, call.labels());
    return new RedactedCall(redacted, counts, counts.summary(policy));
  }

  /** Finds and replaces in one text by one mode; {@code off} returns it unchanged. */
  public RedactedText redactText(String text, RedactionMode mode) {
    if (text == null || mode == RedactionMode.OFF) return new RedactedText(text, List.of());
    List<Finding> findings = detector.find(text);
    if (findings.isEmpty()) return new RedactedText(text, List.of());
    StringBuilder out = new StringBuilder(text.length());
    List<Replacement> replacements = new ArrayList<>(findings.size());
    int at = 0;
    for (Finding f : findings) {
      String replacement = replacement(f.type(), f.of(text), mode);
      out.append(text, at, f.start()).append(replacement);
      replacements.add(new Replacement(f.type(), f.start(), f.end(), replacement));
      at = f.end();
    }
    out.append(text, at, text.length());
    return new RedactedText(out.toString(), replacements);
  }

  private String text(String text, RedactionMode mode, FieldGroup field, RedactionCounts counts) {
    RedactedText r = redactText(text, mode);
    for (Replacement rep : r.replacements()) counts.add(rep.type(), field);
    return r.text();
  }

  private Object value(Object v, RedactionMode mode, RedactionCounts counts) {
    if (v instanceof String s) return text(s, mode, FieldGroup.ATTRIBUTES, counts);
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, x) -> out.put(String.valueOf(k), value(x, mode, counts)));
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object x : list) out.add(value(x, mode, counts));
      return Collections.unmodifiableList(out);
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  /**
   * {@code [TYPE]} in redact mode; in hash mode {@code [TYPE:16 hex]}, the first 64 bits of the keyed HMAC of the
   * normalised value: 32 bits would collide by the birthday bound once ~77,000 distinct values were seen, 64 bits
   * only past ~5 billion.
   */
  String replacement(PiiType type, String value, RedactionMode mode) {
    if (mode != RedactionMode.HASH) return type.placeholder();
    return "[" + type.name() + ":" + hash(normalise(type, value)) + "]";
  }

  /** The form hashed, so one value written two ways ("4111 1111 ..." and "4111-1111-...") hashes the same. */
  static String normalise(PiiType type, String value) {
    return switch (type) {
      case EMAIL, IP -> value.toLowerCase(Locale.ROOT);
      case CARD -> value.replaceAll("\\D", "");
      case PHONE -> (value.startsWith("+") ? "+" : "") + value.replaceAll("\\D", "");
      case IBAN -> value.replace(" ", "").toUpperCase(Locale.ROOT);
      case SECRET -> value;
    };
  }

  /** Bytes of the HMAC a hash-mode replacement keeps: 64 bits, so equal-looking hashes of different values stay rare. */
  static final int HASH_BYTES = 8;

  private String hash(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, HASH_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** Rewrites the log-prob tokens to match the redacted response; see the class comment. */
  List<TokenLogprob> tokens(String response, List<Replacement> replacements, List<TokenLogprob> logprobs,
      RedactionMode mode) {
    List<TokenLogprob> out = new ArrayList<>(logprobs.size());
    int cursor = 0;
    for (TokenLogprob t : logprobs) {
      Span span = UncertaintySignal.locate(response, t.token(), cursor);
      if (span.end() > cursor) cursor = span.end();
      boolean located = span.end() > span.start();
      boolean touched = located && replacements.stream().anyMatch(r -> r.start() < span.end() && span.start() < r.end());
      if (!touched) {
        String token = located ? t.token() : redactText(t.token(), mode).text();
        List<TopLogprob> top = new ArrayList<>(t.topLogprobs().size());
        for (TopLogprob a : t.topLogprobs()) {
          // A located, untouched token is kept as is, so its alternative of the same text must be too.
          String alt = located && a.token().equals(t.token()) ? token : redactText(a.token(), mode).text();
          top.add(new TopLogprob(alt, a.logprob()));
        }
        out.add(new TokenLogprob(token, t.logprob(), top));
        continue;
      }
      String inside = mapped(response, span, replacements);
      // The located characters sit at some offset of the token (it may carry whitespace that was stripped to find it).
      int offset = t.token().indexOf(span.of(response));
      String token = offset < 0 ? inside
          : t.token().substring(0, offset) + inside + t.token().substring(offset + span.length());
      List<TopLogprob> top = new ArrayList<>(t.topLogprobs().size());
      for (TopLogprob a : t.topLogprobs()) {
        top.add(new TopLogprob(a.token().equals(t.token()) ? token : OTHER_ALTERNATIVE, a.logprob()));
      }
      out.add(new TokenLogprob(token, t.logprob(), top));
    }
    return out;
  }

  /**
   * The redacted text of {@code span} of the original response: characters outside replacements as
   * they were, and for each replacement it overlaps the proportional slice of its placeholder.
   */
  static String mapped(String response, Span span, List<Replacement> replacements) {
    StringBuilder sb = new StringBuilder();
    int at = span.start();
    for (Replacement r : replacements) {
      if (r.end() <= span.start() || r.start() >= span.end()) continue;
      int from = Math.max(span.start(), r.start());
      int to = Math.min(span.end(), r.end());
      if (from > at) sb.append(response, at, from);
      sb.append(r.replacement(), slice(r, from), slice(r, to));
      at = to;
    }
    if (at < span.end()) sb.append(response, at, span.end());
    return sb.toString();
  }

  /** Where original offset {@code x} inside a replaced span falls in its placeholder, in proportion. */
  private static int slice(Replacement r, int x) {
    int len = r.end() - r.start();
    return (int) Math.round((double) r.replacement().length() * (x - r.start()) / len);
  }
}
