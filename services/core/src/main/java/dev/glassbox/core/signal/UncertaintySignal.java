package dev.glassbox.core.signal;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.call.TokenLogprob;
import dev.glassbox.core.explanation.Explanation.SentenceUncertainty;
import dev.glassbox.core.explanation.Explanation.TokenUncertainty;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token uncertainty from logged log-probabilities.
 *
 * <p>Per token: probability {@code p = exp(logprob)} and an entropy in nats. When two or more
 * {@code top_logprobs} are logged, the entropy is that of the top-k alternatives renormalised to sum
 * to one (the chosen token is added if missing): it is the model's uncertainty <em>among its k best
 * candidates</em> and ignores the tail, so it under-states the full entropy when the tail is heavy and
 * is comparable only between calls logged with the same k. With only the chosen token logged, the
 * entropy is the binary entropy of "this token" (p) against "any other" (1 − p), the least entropy a
 * distribution giving the token probability p can have.
 */
public final class UncertaintySignal {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private UncertaintySignal() {}

  public static Uncertainty compute(String response, List<TokenLogprob> logprobs, List<Span> sentences) {
    return compute(response, logprobs, sentences, Set.of());
  }

  /**
   * @param sourceVocabulary lower-case words of the context or prompt: a content word outside it is one the model
   *     added itself, and its first token's log-probability is its confidence in that claim
   */
  public static Uncertainty compute(String response, List<TokenLogprob> logprobs, List<Span> sentences,
      Set<String> sourceVocabulary) {
    if (logprobs.isEmpty()) return null;
    List<TokenUncertainty> tokens = new ArrayList<>(logprobs.size());
    int cursor = 0;
    double sumLp = 0, sumH = 0, maxH = 0, minP = 1;
    for (TokenLogprob t : logprobs) {
      Span span = locate(response, t.token(), cursor);
      if (span.end() > cursor) cursor = span.end();
      double p = Math.exp(t.logprob());
      double h = entropy(t);
      sumLp += t.logprob();
      sumH += h;
      maxH = Math.max(maxH, h);
      minP = Math.min(minP, p);
      tokens.add(new TokenUncertainty(span.start(), span.end(), t.token(), round(t.logprob()), round(p), round(h)));
    }
    int n = logprobs.size();
    double meanLp = sumLp / n;
    return new Uncertainty(round(1 - Math.exp(meanLp)), round(meanLp), round(Math.exp(-meanLp)),
        round(sumH / n), round(maxH), round(minP), perSentence(response, sentences, tokens, sourceVocabulary), tokens);
  }

  /** Entropy in nats of one token position; see the class comment for what it means. */
  public static double entropy(TokenLogprob t) {
    List<TokenLogprob.TopLogprob> top = t.topLogprobs();
    if (top.size() < 2) {
      double p = Math.min(1, Math.exp(t.logprob()));
      return binary(p);
    }
    boolean hasChosen = top.stream().anyMatch(a -> a.token().equals(t.token()));
    double max = t.logprob();
    for (var a : top) max = Math.max(max, a.logprob());
    double z = 0;
    for (var a : top) z += Math.exp(a.logprob() - max);
    if (!hasChosen) z += Math.exp(t.logprob() - max);
    double h = 0;
    for (var a : top) h += term(Math.exp(a.logprob() - max) / z);
    if (!hasChosen) h += term(Math.exp(t.logprob() - max) / z);
    return Math.max(0, h);
  }

  private static double binary(double p) {
    return term(p) + term(1 - p);
  }

  private static double term(double p) {
    return p <= 0 ? 0 : -p * Math.log(p);
  }

  /**
   * Finds a token's characters in the response at or after {@code cursor}. Tokens normally tile the
   * response exactly; when they don't (byte tokens, normalised whitespace), the stripped token is
   * searched nearby, and failing that an empty span at the cursor marks it as unlocated.
   */
  public static Span locate(String response, String token, int cursor) {
    if (token.isEmpty()) return new Span(cursor, cursor);
    if (response.startsWith(token, cursor)) return new Span(cursor, cursor + token.length());
    String stripped = token.strip();
    if (!stripped.isEmpty()) {
      int idx = response.indexOf(stripped, cursor);
      if (idx >= 0 && idx - cursor <= 8 + token.length()) return new Span(idx, idx + stripped.length());
    }
    return new Span(Math.min(cursor, response.length()), Math.min(cursor, response.length()));
  }

  private static List<SentenceUncertainty> perSentence(String response, List<Span> sentences,
      List<TokenUncertainty> tokens, Set<String> sourceVocabulary) {
    List<SentenceUncertainty> out = new ArrayList<>();
    for (Span s : sentences) {
      double sumLp = 0, sumH = 0, minP = 1;
      int n = 0;
      for (TokenUncertainty t : tokens) {
        if (t.end() <= t.start()) continue;
        if (Math.min(s.end(), t.end()) - Math.max(s.start(), t.start()) <= 0) continue;
        sumLp += t.logprob();
        sumH += t.entropy();
        minP = Math.min(minP, t.prob());
        n++;
      }
      if (n == 0) continue;
      double meanLp = sumLp / n;
      Double newWords = newWordLogprob(response, s, tokens, sourceVocabulary);
      out.add(new SentenceUncertainty(s.start(), s.end(), round(meanLp), round(minP), round(sumH / n),
          round(1 - Math.exp(meanLp)), newWords == null ? null : round(newWords)));
    }
    return out;
  }

  /** Mean log-probability of the token that starts each content word of the sentence absent from the sources. */
  static Double newWordLogprob(String response, Span sentence, List<TokenUncertainty> tokens, Set<String> sources) {
    Matcher m = WORD.matcher(response).region(sentence.start(), sentence.end());
    double sum = 0;
    int n = 0;
    while (m.find()) {
      String word = m.group().toLowerCase(Locale.ROOT);
      if (Words.STOP.contains(word) || sources.contains(word)) continue;
      for (TokenUncertainty t : tokens) {
        if (t.end() > t.start() && t.start() <= m.start() && m.start() < t.end()) {
          sum += t.logprob();
          n++;
          break;
        }
      }
    }
    return n == 0 ? null : sum / n;
  }
}
