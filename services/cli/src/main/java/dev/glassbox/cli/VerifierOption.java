package dev.glassbox.cli;

import dev.glassbox.core.verify.CachedVerifier;
import dev.glassbox.core.verify.Verifier;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxVerifier;
import picocli.CommandLine.Option;

/** {@code --verifier on|off}: whether each sentence is also read with its evidence by the trained verifier. */
final class VerifierOption {

  /** Verdicts remembered by (evidence, claim): a score batch repeats passages, train scores each file three ways. */
  static final int CACHE = 4096;

  /**
   * Off by default, like the explainer's switch: the committed verifier misses its held-out targets (see its model
   * card), and trained with it the hallucination model scored no better held out, so on it only costs time.
   */
  @Option(names = "--verifier", defaultValue = "off",
      description = "on: check each sentence against its closest sources and the samples with the trained verifier"
          + " (signals, reasons, features of models trained with it); off: the cheap signals alone (default: ${DEFAULT-VALUE})")
  String verifier;

  /** The committed verifier behind a cache, or null when off; a value other than on/off is an error. */
  Verifier open() {
    return switch (verifier) {
      case "on" -> new CachedVerifier(new OnnxVerifier(EncoderOptions.DEFAULT), CACHE);
      case "off" -> null;
      default -> throw new IllegalArgumentException("--verifier '" + verifier + "': use on or off");
    };
  }

  boolean on() {
    return "on".equals(verifier);
  }
}
