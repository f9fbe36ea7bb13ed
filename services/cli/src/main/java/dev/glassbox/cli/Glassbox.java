package dev.glassbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code glassbox} command line. */
@Command(name = "glassbox", mixinStandardHelpOptions = true, version = "glassbox 0.1.0",
    description = "Explain and monitor LLM calls from their logs.",
    subcommands = {ScoreCommand.class, EvalCommand.class, CompareCommand.class, DriftCommand.class, DriftBenchCommand.class,
        ReplayCommand.class, TenantRoleCommand.class, AuditCommand.class, TrainCommand.class, TrainVerifierCommand.class,
        ExportCommand.class, DlqCommand.class, PromptingBenchCommand.class, CommandLine.HelpCommand.class})
public final class Glassbox {

  public static void main(String[] args) {
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    // PyTorch is on the classpath for train-verifier only (which asks for it by name); ONNX Runtime would otherwise
    // load it as its "alternative engine" and unpack and start libtorch for every command.
    if (System.getProperty("ai.djl.onnx.disable_alternative") == null) {
      System.setProperty("ai.djl.onnx.disable_alternative", "true");
    }
    System.exit(new CommandLine(new Glassbox()).execute(args));
  }
}
