package dev.glassbox.cli;

import picocli.CommandLine.Option;

/** The options of the commands that stream a JSONL file of calls through the encoder in batches. */
final class BatchOptions {

  @Option(names = "--batch", defaultValue = "32", description = "calls per encoder batch (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;
}
