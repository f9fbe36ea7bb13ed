package dev.glassbox.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a bench run measured: the table's rows, the ratios between parts, and notes; printed once at the end. */
final class BenchTable {

  /** One line of the table. */
  record Row(String part, String what, String set, String batch, String config, long n, double seconds, String unit) {
    double rate() {
      return seconds <= 0 ? 0 : n / seconds;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Double> ratios = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  void ratio(String name, double value) {
    ratios.put(name, value);
  }

  void note(String note) {
    notes.add(note);
  }

  void print(PrintStream out) {
    out.println();
    String fmt = "%-4s %-24s %-40s %-9s %-24s %7s %9s %10s %-8s%n";
    out.printf(Locale.ROOT, fmt, "part", "what", "set", "batch", "config", "n", "seconds", "value", "unit");
    for (Row r : rows) {
      String value = switch (r.unit()) {
        case "ms" -> String.format(Locale.ROOT, "%.0f", r.seconds() * 1000);
        case "MB" -> Long.toString(r.n());
        default -> String.format(Locale.ROOT, "%.1f", r.rate());
      };
      out.printf(Locale.ROOT, fmt, r.part(), r.what(), r.set(), r.batch(), r.config(),
          r.unit().equals("MB") ? "-" : Long.toString(r.n()),
          r.unit().equals("ms") || r.unit().equals("MB") ? "-" : String.format(Locale.ROOT, "%.2f", r.seconds()),
          value, r.unit());
    }
    for (String n : notes) out.println("note: " + n);
  }

  /** The ratios, one per line, after the table (and the run's duration). */
  void printRatios(PrintStream out) {
    ratios.forEach((k, v) -> out.printf(Locale.ROOT, "ratio %s %.3f%n", k, v));
  }
}
