package dev.glassbox.core.appmodel;

import dev.glassbox.core.eval.Wilson;

/**
 * Cross-validated figures of a per-app calibration: every call scored by a calibration fitted on the other folds.
 * {@code *Before} is the score as the explainer gave it, {@code *After} the app's calibrated score; the flag figures
 * are at the app's threshold, with their 95 % Wilson intervals and the counts behind them.
 */
public record CvFigures(int folds, int n, double auroc, double eceBefore, double eceAfter, double brierBefore,
    double brierAfter, Wilson precision, Wilson recall) {}
