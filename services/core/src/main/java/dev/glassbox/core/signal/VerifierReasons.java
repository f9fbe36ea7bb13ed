package dev.glassbox.core.signal;

import dev.glassbox.core.text.Words;
import dev.glassbox.core.verify.VerifierLabel;
import java.util.List;
import java.util.Locale;

/** Reasons a person can check for a verdict the verifier was sure of: its probability, where, and the differing term. */
final class VerifierReasons {

  private VerifierReasons() {}

  /**
   * "contradicted by the context (risk 0.83): the verifier gives P(contradicted) 0.91 against context:kb-1, '1999'
   * where the source says '1889'", with no "; " inside (the dashboards count reasons by the part before the colon).
   */
  static String reason(String head, double risk, VerifierSignal.Check check, String claim) {
    VerifierLabel label = check.confidentLabel();
    boolean samples = VerifierSignal.SAMPLES.equals(check.source());
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s (risk %.2f): the verifier gives %sP(%s) %.2f %s",
        head, risk, samples ? "mean " : "", label.id(), check.decisive().of(label),
        samples ? "over the samples" : "against " + check.source()));
    if (!samples && label == VerifierLabel.CONTRADICTED) {
      String differing = differing(claim, check.evidence());
      if (differing != null) sb.append(", ").append(differing);
    }
    return sb.toString();
  }

  /**
   * The name or number of the claim the evidence lacks, beside the evidence's own of the same kind that the claim lacks
   * ("'1999' where the source says '1889'"), or the claim's alone ("'1999' is not in the source"); null when every name and number is shared.
   */
  static String differing(String claim, String evidence) {
    List<String> claimOnly = Words.unsupportedTerms(claim, Words.vocabulary(List.of(evidence)));
    if (claimOnly.isEmpty()) return null;
    String ours = claimOnly.get(0);
    for (String theirs : Words.unsupportedTerms(evidence, Words.vocabulary(List.of(claim)))) {
      if (Character.isDigit(theirs.charAt(0)) == Character.isDigit(ours.charAt(0))) {
        return "'" + ours + "' where the source says '" + theirs + "'";
      }
    }
    return "'" + ours + "' is not in the source";
  }
}
