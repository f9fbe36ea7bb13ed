package dev.glassbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code glassbox} command line. */
@Command(name = "glassbox", mixinStandardHelpOptions = true, version = "glassbox 0.1.0",
    description = "Explain and monitor LLM calls from their logs.",
    subcommands = {ScoreCommand.class, EvalCommand.class, DriftCommand.class, DriftBenchCommand.class,
        ReplayCommand.class, TenantRoleCommand.class, AuditCommand.class, TrainCommand.class,
        CommandLine.HelpCommand.class})
public final class Glassbox {

  public static void main(String[] args) {
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    System.exit(new CommandLine(new Glassbox()).execute(args));
  }
}
