package dev.glassbox.core.attribution;

/** A set function over segments that an attribution method explains: the value with only the kept ones. */
public interface Target {

  int size();

  double value(boolean[] keep);

  static boolean[] all(int n, boolean value) {
    boolean[] m = new boolean[n];
    java.util.Arrays.fill(m, value);
    return m;
  }

  /** The mean of several sentences' targets over the same segments: the call-level target. */
  static Target mean(java.util.List<? extends Target> targets, int segments) {
    return new Target() {
      @Override
      public int size() {
        return segments;
      }

      @Override
      public double value(boolean[] keep) {
        if (targets.isEmpty()) return 0;
        double s = 0;
        for (Target t : targets) s += t.value(keep);
        return s / targets.size();
      }
    };
  }
}
