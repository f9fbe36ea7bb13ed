package dev.glassbox.core.text;

/** A half-open character range {@code [start, end)} into some text (UTF-16 code units, as Java strings). */
public record Span(int start, int end) {
  public Span {
    if (start < 0 || end < start) throw new IllegalArgumentException("bad span [" + start + "," + end + ")");
  }

  public int length() {
    return end - start;
  }

  public String of(String text) {
    return text.substring(start, end);
  }

  /** Characters shared by the two ranges. */
  public int overlap(Span o) {
    return Math.max(0, Math.min(end, o.end) - Math.max(start, o.start));
  }
}
