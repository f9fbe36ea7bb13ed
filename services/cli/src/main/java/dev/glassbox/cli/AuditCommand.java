package dev.glassbox.cli;

import dev.glassbox.core.audit.AuditLog;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code glassbox audit verify}: checks the store's audit log hash chain and names the first broken row. */
@Command(name = "audit", mixinStandardHelpOptions = true, subcommands = AuditCommand.Verify.class,
    description = "Work with the store's append-only audit log.")
public final class AuditCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the whole log in order and checks every row's link and hash. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Check the audit log's sha256 chain: every row must follow the one before it, unchanged.",
          "Exit 0 when intact, 1 when a row is broken (named), 2 when the database cannot be read."})
  static final class Verify implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      AuditLog.Verification v;
      try (Connection c = database.connect()) {
        v = AuditLog.verify(c);
      } catch (SQLException e) {
        err.println("glassbox audit verify: cannot read the audit log: " + e.getMessage());
        return 2;
      }
      if (v.broken().isPresent()) {
        err.printf("Audit log BROKEN at seq %d: %s (%d rows read)%n", v.broken().get().seq(),
            v.broken().get().reason(), v.rows());
        return 1;
      }
      out.printf("Audit log intact: %d rows, every hash chained to the one before.%n", v.rows());
      return 0;
    }
  }
}
