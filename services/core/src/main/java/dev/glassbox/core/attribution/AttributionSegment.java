package dev.glassbox.core.attribution;

import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.core.text.Span;

/**
 * One unit of attribution: a sentence of a context passage or prompt message, with its surrogate vector.
 *
 * @param source the passage or message the segment is part of
 * @param span offsets inside that passage or message
 */
public record AttributionSegment(SourceRef source, Span span, String text, float[] vector) {}
