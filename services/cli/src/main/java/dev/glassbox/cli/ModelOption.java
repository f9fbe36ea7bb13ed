package dev.glassbox.cli;

import dev.glassbox.core.signal.HallucinationModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}: the hallucination model file {@code glassbox train} wrote, else the bundled model. */
final class ModelOption {

  @Option(names = "--model", description = "hallucination model file from glassbox train (default: the bundled one)")
  Path model;

  /** The model, or null after saying on stderr why {@code command} cannot read it. */
  HallucinationModel loadOrExplain(String command) {
    try {
      return load(model);
    } catch (IOException | RuntimeException e) {
      System.err.println("glassbox " + command + ": --model: " + e.getMessage());
      return null;
    }
  }

  /** The model {@code file} names, else (null) the bundled one. */
  static HallucinationModel load(Path file) throws IOException {
    if (file == null) return HallucinationModel.bundled();
    if (!Files.isRegularFile(file)) throw new IOException("no such file: " + file);
    return HallucinationModel.read(Files.readAllBytes(file));
  }
}
