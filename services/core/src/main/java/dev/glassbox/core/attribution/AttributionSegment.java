package dev.glassbox.core.attribution;

import dev.glassbox.core.text.Span;

/**
 * One unit of attribution: a sentence of a context passage or prompt message, with its surrogate vector.
 *
 * @param source {@code context:<id>} or {@code prompt:<index>}
 * @param span offsets inside that passage or message
 */
public record AttributionSegment(String source, Span span, String text, float[] vector) {}
