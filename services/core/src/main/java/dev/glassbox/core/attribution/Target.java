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
}
