package dev.glassbox.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Cuts a response into consecutive pieces, marked where a scored span lies, so a page can shade each span in place. */
public final class ResponseSegments {

  /** A scored span of the response (sentence or token) with its colour and tooltip. */
  public record Mark(int start, int end, double score, String title) {}

  /**
   * One piece of the response; concatenating all pieces gives the response back.
   *
   * @param marked whether the piece is a scored span (else it is text between spans)
   */
  public record Segment(String text, boolean marked, String score, String color, String title) {}

  private ResponseSegments() {}

  /**
   * Pieces covering the whole response. Spans are clamped to the text; a span that overlaps one before it
   * keeps only its new part, and empty spans (tokens not located in the response) are left out.
   */
  public static List<Segment> cut(String response, List<Mark> marks) {
    String text = response == null ? "" : response;
    List<Mark> sorted = new ArrayList<>(marks);
    sorted.sort(Comparator.comparingInt(Mark::start));
    List<Segment> out = new ArrayList<>();
    int cursor = 0;
    for (Mark m : sorted) {
      int start = Math.max(cursor, Math.max(0, m.start()));
      int end = Math.min(text.length(), m.end());
      if (start >= end) continue;
      if (start > cursor) out.add(plain(text.substring(cursor, start)));
      out.add(new Segment(text.substring(start, end), true, Shading.number(m.score()), Shading.risk(m.score()),
          m.title()));
      cursor = end;
    }
    if (cursor < text.length()) out.add(plain(text.substring(cursor)));
    return out;
  }

  private static Segment plain(String text) {
    return new Segment(text, false, "", "", "");
  }
}
