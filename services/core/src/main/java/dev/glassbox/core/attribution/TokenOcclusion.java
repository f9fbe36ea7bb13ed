package dev.glassbox.core.attribution;

import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.core.text.Words;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level occlusion inside one segment: for each word of the segment that the response also uses,
 * the drop in the target when that word is deleted from the segment. The segment keeps its sentence
 * vector (no new encoder pass), so this measures the wording view only.
 */
public final class TokenOcclusion {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  /** One word of a segment and how much the target falls without it; offsets are inside the source. */
  public record WordScore(SourceRef source, int start, int end, String word, double score) {}

  private TokenOcclusion() {}

  /**
   * @param sentences the response sentences with their vectors, as for {@link SupportTarget}
   * @param j the segment to occlude words in
   */
  public static List<WordScore> occlude(List<String> sentences, List<float[]> vectors, List<AttributionSegment> segs,
      int j) {
    AttributionSegment seg = segs.get(j);
    Set<String> responseWords = new HashSet<>();
    for (String s : sentences) responseWords.addAll(Words.contentWords(s));
    double base = mean(sentences, vectors, segs);
    List<WordScore> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Matcher m = WORD.matcher(seg.text());
    while (m.find()) {
      String w = m.group().toLowerCase(Locale.ROOT);
      if (!responseWords.contains(w) || !done.add(w)) continue;
      String occluded = seg.text().replaceAll("(?iu)(?<![\\p{L}\\p{N}])" + Pattern.quote(m.group()) + "(?![\\p{L}\\p{N}])", " ");
      List<AttributionSegment> changed = new ArrayList<>(segs);
      changed.set(j, new AttributionSegment(seg.source(), seg.span(), occluded, seg.vector()));
      double drop = base - mean(sentences, vectors, changed);
      out.add(new WordScore(seg.source(), seg.span().start() + m.start(), seg.span().start() + m.end(), m.group(), drop));
    }
    out.sort((a, b) -> Double.compare(b.score(), a.score()));
    return out;
  }

  private static double mean(List<String> sentences, List<float[]> vectors, List<AttributionSegment> segs) {
    boolean[] all = Target.all(segs.size(), true);
    double s = 0;
    for (int i = 0; i < sentences.size(); i++) s += new SupportTarget(sentences.get(i), vectors.get(i), segs).value(all);
    return sentences.isEmpty() ? 0 : s / sentences.size();
  }
}
