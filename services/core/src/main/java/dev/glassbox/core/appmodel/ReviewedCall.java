package dev.glassbox.core.appmodel;

import java.time.Instant;

/**
 * One call a reviewer judged: its key (tenant and call id), when the verdict was given, the score the explainer gave
 * it and the verdict as a label ({@code hallucinated} true, {@code correct} false; {@code unsure} never gets here).
 */
public record ReviewedCall(String key, Instant reviewedAt, double score, boolean hallucinated) {}
