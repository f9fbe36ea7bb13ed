package dev.glassbox.bench;

import dev.glassbox.bench.BenchTable.Row;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.platform.Platform;
import dev.glassbox.store.ExplanationRows;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/** Part (e): the explanations (c) made, written through the store's repository and through {@code COPY}. */
record StorePart(Bench.Sizes sizes, BenchTable table) {

  /** (e): the explanations (c) made, through the store's repository and through COPY, best of the run's repetitions. */
  void run(Platform p, List<Explanation> explanations) throws Exception {
    List<ExplanationRows> rowsToWrite = explanations.stream().map(ExplanationRows::of).toList();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(p.pg().jdbcUrl());
    ds.setUser(p.pg().user());
    ds.setPassword(p.pg().password());
    StoreLoad load = new StoreLoad(ds);
    // PostgreSQL refuses COPY into tables under forced row-level security for any role it applies to; the limit is
    // measured as the superuser, which bypasses it (the repository's upserts pass the policies, as the store's do).
    PGSimpleDataSource superuser = new PGSimpleDataSource();
    superuser.setUrl(p.pg().jdbcUrl());
    superuser.setUser("postgres");
    superuser.setPassword("postgres");
    StoreLoad copyLoad = new StoreLoad(superuser);
    int batch = 100;
    load.repository(rowsToWrite.subList(0, Math.min(20, rowsToWrite.size())), batch);
    load.delete(rowsToWrite);
    double repo = Double.MAX_VALUE, copy = Double.MAX_VALUE;
    for (int r = 0; r < Math.max(2, sizes.reps()); r++) {
      repo = Math.min(repo, load.repository(rowsToWrite, batch) / 1e9);
      check(load, rowsToWrite, "repository");
      load.delete(rowsToWrite);
      copy = Math.min(copy, copyLoad.copy(rowsToWrite, batch) / 1e9);
      check(load, rowsToWrite, "COPY");
      load.delete(rowsToWrite);
    }
    long sentences = rowsToWrite.stream().mapToLong(x -> x.sentences().size()).sum();
    long tokens = rowsToWrite.stream().mapToLong(x -> x.tokens().size()).sum();
    String what = String.format("%d calls, +%d sentence, %d token rows", rowsToWrite.size(), sentences, tokens);
    table.add(new Row("e", "ExplanationRepository", what, "100", "upserts, 1 txn/batch", rowsToWrite.size(), repo,
        "expl/s"));
    table.add(new Row("e", "COPY (limit)", what, "100", "COPY as superuser, 1 txn/batch", rowsToWrite.size(), copy, "expl/s"));
    table.ratio("store_over_copy", copy / repo);
  }

  private static void check(StoreLoad load, List<ExplanationRows> written, String how) throws Exception {
    long n = load.count("explanations", written);
    if (n != written.size()) throw new IllegalStateException(how + " stored " + n + " of " + written.size() + " explanations");
  }
}
