package dev.glassbox.drift;

import java.util.List;

/**
 * Where one (tenant, app, model) series stands: the open window and the closed windows that form its reference.
 * The points themselves live in the points store, keyed by series, window index and sequence number.
 *
 * @param openWindow index of the window now filling
 * @param openLast timestamp of its latest call (epoch ms)
 * @param openCalls calls in it so far
 * @param nextSeq sequence number of the next point of this series
 * @param referenceWindows indexes of the closed windows the next window is compared with
 * @param referenceCalls calls in those windows
 * @param fixedComplete for the fixed policy: the baseline has all its calls and will not change
 */
record SeriesState(long openWindow, long openLast, int openCalls, long nextSeq, List<Long> referenceWindows,
    int referenceCalls, boolean fixedComplete) {

  static SeriesState first() {
    return new SeriesState(0, 0, 0, 0, List.of(), 0, false);
  }
}
