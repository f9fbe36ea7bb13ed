package dev.glassbox.bench;

import dev.glassbox.store.ExplanationRepository;
import dev.glassbox.store.ExplanationRows;
import dev.glassbox.store.ExplanationRows.CallRow;
import dev.glassbox.store.ExplanationRows.ExplanationRow;
import dev.glassbox.store.ExplanationRows.SentenceRow;
import dev.glassbox.store.ExplanationRows.TokenRow;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes the same explanation rows into the store's tables twice: through {@link ExplanationRepository}
 * (the store's batched upserts, one transaction per batch) and through {@code COPY} (the limit), each
 * starting from the same state, and times both.
 */
final class StoreLoad {

  private final DataSource dataSource;

  StoreLoad(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Upserts the rows in batches of {@code batch} as the store does; returns elapsed nanoseconds. */
  long repository(List<ExplanationRows> rows, int batch) throws SQLException {
    ExplanationRepository repo = new ExplanationRepository(dataSource);
    long start = System.nanoTime();
    for (int i = 0; i < rows.size(); i += batch) repo.write(rows.subList(i, Math.min(rows.size(), i + batch)));
    return System.nanoTime() - start;
  }

  /** Deletes the rows' calls (cascading to their explanation, sentence and token rows). */
  void delete(List<ExplanationRows> rows) throws SQLException {
    try (Connection c = dataSource.getConnection();
        var ps = c.prepareStatement("DELETE FROM calls WHERE call_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", rows.stream().map(r -> r.call().callId()).toArray()));
      ps.executeUpdate();
    }
  }

  /** COPYs the same rows into the four tables in batches of {@code batch}, one transaction each. */
  long copy(List<ExplanationRows> rows, int batch) throws SQLException {
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (int i = 0; i < rows.size(); i += batch) {
        List<ExplanationRows> part = rows.subList(i, Math.min(rows.size(), i + batch));
        StringBuilder calls = new StringBuilder();
        StringBuilder expl = new StringBuilder();
        StringBuilder sentences = new StringBuilder();
        StringBuilder tokens = new StringBuilder();
        for (ExplanationRows r : part) {
          CallRow cr = r.call();
          line(calls, cr.callId(), cr.tenant(), cr.app(), cr.model(), cr.ts(), cr.promptJson(), cr.response(),
              cr.contextJson(), cr.attributesJson());
          ExplanationRow e = r.explanation();
          line(expl, e.callId(), e.tenant(), e.app(), e.model(), e.ts(), e.hallucinationScore(), e.flagged(),
              e.threshold(), e.groundingScore(), e.groundedAgainst(), e.consistencyScore(), e.semanticEntropy(),
              e.uncertaintyScore(), e.meanLogprob(), e.perplexity(), e.meanEntropy(), e.maxEntropy(), e.minProb(),
              e.summary(), e.encoderPasses(), e.embeddingModel(), e.promptEmbedding(), e.responseEmbedding(),
              e.explanationJson());
          for (SentenceRow s : r.sentences()) {
            line(sentences, cr.callId(), s.idx(), s.start(), s.end(), s.score(), s.reason(), s.support(), s.source(),
                s.sourceStart(), s.sourceEnd(), s.consistency(), s.uncertainty(), s.tokenAlignment(), s.signals());
          }
          for (TokenRow t : r.tokens()) {
            line(tokens, cr.callId(), t.idx(), t.start(), t.end(), t.token(), t.logprob(), t.prob(), t.entropy());
          }
        }
        copy.copyIn("COPY calls (call_id, tenant, app, model, ts, prompt, response, context, attributes) FROM STDIN",
            new StringReader(calls.toString()));
        copy.copyIn("COPY explanations (call_id, tenant, app, model, ts, hallucination_score, flagged, threshold,"
            + " grounding_score, grounded_against, consistency_score, semantic_entropy, uncertainty_score,"
            + " mean_logprob, perplexity, mean_entropy, max_entropy, min_prob, summary, encoder_passes,"
            + " embedding_model, prompt_embedding, response_embedding, explanation) FROM STDIN",
            new StringReader(expl.toString()));
        copy.copyIn("COPY explanation_sentences (call_id, idx, start_offset, end_offset, score, reason, support,"
            + " source, source_start, source_end, consistency, uncertainty, token_alignment, signals) FROM STDIN",
            new StringReader(sentences.toString()));
        copy.copyIn("COPY explanation_tokens (call_id, idx, start_offset, end_offset, token, logprob, prob, entropy)"
            + " FROM STDIN", new StringReader(tokens.toString()));
        c.commit();
      }
    } catch (java.io.IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), e);
    }
    return System.nanoTime() - start;
  }

  /** Rows of {@code table} whose call id is among the rows', to check both writers wrote everything. */
  long count(String table, List<ExplanationRows> rows) throws SQLException {
    try (Connection c = dataSource.getConnection();
        var ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE call_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", rows.stream().map(r -> r.call().callId()).toArray()));
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** One line of COPY text format: tab-separated, {@code \N} for null, backslash escapes. */
  static void line(StringBuilder sb, Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) sb.append('\t');
      Object v = values[i];
      if (v == null) {
        sb.append("\\N");
      } else if (v instanceof float[] f) {
        sb.append('{');
        for (int k = 0; k < f.length; k++) {
          if (k > 0) sb.append(',');
          sb.append(f[k]);
        }
        sb.append('}');
      } else if (v instanceof Double d) {
        sb.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : d.toString());
      } else {
        escape(sb, v.toString());
      }
    }
    sb.append('\n');
  }

  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
  }

  static String perSecond(long items, long nanos) {
    return String.format(Locale.ROOT, "%.1f", items / (nanos / 1e9));
  }
}
