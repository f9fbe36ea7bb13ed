package dev.glassbox.core.redact;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.explanation.Explanation.Redactions;

/**
 * A call with its personal data and secrets replaced, and what was replaced.
 *
 * @param summary what the explanation carries; {@code null} when the policy redacts nothing
 */
public record RedactedCall(Call call, RedactionCounts counts, Redactions summary) {}
