package dev.glassbox.cli;

import dev.glassbox.core.audit.AuditLog;
import dev.glassbox.core.audit.CallExport;
import dev.glassbox.core.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code glassbox export}: stored calls with explanations and reviewer verdicts as a call v1 JSONL file, audited. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write one app's stored calls (redacted, as stored) with their explanation and reviewer verdicts,"
        + " one call v1 JSON line each: glassbox eval and train read the file as is.",
        "labels.hallucinated comes from the latest reviewer verdict (unsure or none: no label); the explanation and"
            + " verdicts are under \"glassbox\". The export is recorded in the audit log.",
        "Exit 0 when written, 2 when the options or the database fail."})
public final class ExportCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions database;

  @Option(names = "--app", required = true, description = "the app whose calls to export")
  String app;

  @Option(names = "--since", required = true, description = "first call timestamp, inclusive (ISO-8601 instant)")
  Instant since;

  @Option(names = "--until", required = true, description = "last call timestamp, exclusive (ISO-8601 instant)")
  Instant until;

  @Option(names = "--tenant", description = "one tenant's calls only (default: every tenant)")
  String tenant;

  @Option(names = "--flagged", description = "only calls the explainer flagged")
  boolean flagged;

  @Option(names = "--reviewed", description = "only calls with at least one reviewer verdict")
  boolean reviewed;

  @Option(names = "--actor", description = "who the audit log names as exporting (default: the database user)")
  String actor;

  @Option(names = "--out", required = true, description = "the JSONL file to write")
  Path out;

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    CallExport.Filter filter;
    try {
      filter = new CallExport.Filter(app, since, until, tenant, flagged, reviewed);
    } catch (IllegalArgumentException e) {
      err.println("glassbox export: " + e.getMessage());
      return 2;
    }
    try (Connection c = database.connect()) {
      long total = CallExport.count(c, filter);
      // Audited before the first row is written, as the API does: an export that fails midway is still recorded.
      c.setAutoCommit(false);
      AuditLog.append(c, actor == null ? database.user : actor, "export", filter.tenant(), filter.app(),
          Json.string(filter.detail(total)));
      c.commit();
      c.setAutoCommit(true);
      long rows = write(c, filter, total);
      spec.commandLine().getOut().printf("Exported %d calls of app '%s' to %s%n", rows, app, out);
      return 0;
    } catch (SQLException | IOException e) {
      err.println("glassbox export: " + e.getMessage());
      return 2;
    }
  }

  /** Streams the rows into the file behind a progress bar on stderr (as {@code score} draws it). */
  private long write(Connection c, CallExport.Filter filter, long total) throws SQLException, IOException {
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
         ProgressBar bar = quiet ? null : new ProgressBarBuilder().setTaskName("export").setInitialMax(total)
             .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
             .setUnit(" calls", 1).showSpeed().build()) {
      return CallExport.write(c, filter, file, n -> {
        if (bar != null) bar.stepTo(n);
      });
    }
  }
}
