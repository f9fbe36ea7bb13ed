package dev.glassbox.cli;

import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the commands share around their work: the input-file check, and the one place the CLI opens an encoder (so
 * the commands see only core's encoder interface, whatever engine runs it).
 */
final class Commands {

  private Commands() {}

  /** Whether {@code in} can be read; when not, says so on stderr the way every command does. */
  static boolean readable(String command, Path in) {
    if (Files.isReadable(in)) return true;
    System.err.println("glassbox " + command + ": cannot read " + in);
    return false;
  }

  /** The bundled encoder with the default options. */
  static AttentionEncoder encoder() {
    return new OnnxEncoder(EncoderOptions.DEFAULT);
  }

  /** The bundled encoder with the default options but inputs cut at {@code maxTokens} word pieces. */
  static AttentionEncoder encoder(int maxTokens) {
    EncoderOptions d = EncoderOptions.DEFAULT;
    return new OnnxEncoder(new EncoderOptions(maxTokens, d.batchTokens(), d.intraOpThreads(), d.spinning()));
  }
}
