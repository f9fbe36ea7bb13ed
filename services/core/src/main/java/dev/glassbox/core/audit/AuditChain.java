package dev.glassbox.core.audit;

import dev.glassbox.core.explanation.Provenance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The sha256 hash chain of the audit log: each row's hash covers the previous row's hash and all its own fields, so
 * changing, removing or reordering any row breaks every hash from there on. Pure: no database.
 */
public final class AuditChain {

  /** The previous hash of the first row. */
  public static final String GENESIS = "0".repeat(64);

  /** The first row that breaks the chain, and how. */
  public record Break(long seq, String reason) {}

  private AuditChain() {}

  /** The row that follows {@code previous} ({@code null}: the first row), hashed. */
  public static AuditEntry next(AuditEntry previous, Instant at, String actor, String action, String tenant,
      String target, String detail) {
    long seq = previous == null ? 1 : previous.seq() + 1;
    String prevHash = previous == null ? GENESIS : previous.hash();
    Instant micros = at.truncatedTo(ChronoUnit.MICROS);
    return new AuditEntry(seq, micros, actor, action, tenant, target, detail, prevHash,
        hash(seq, micros, actor, action, tenant, target, detail, prevHash));
  }

  /**
   * The hash of a row's fields. Each field is written with its length first (-1 for null), so no two different
   * rows serialise alike however their texts are split.
   */
  public static String hash(long seq, Instant at, String actor, String action, String tenant, String target,
      String detail, String prevHash) {
    StringBuilder s = new StringBuilder();
    for (String field : new String[] {prevHash, Long.toString(seq), at.toString(), actor, action, tenant, target,
        detail}) {
      s.append(field == null ? -1 : field.length()).append(':').append(field == null ? "" : field).append('\n');
    }
    return Provenance.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether {@code entry} follows {@code previous} ({@code null}: it should be the first row): its seq is the next
   * one, its prevHash is the previous hash and its own hash matches its fields. Empty when it does.
   */
  public static Optional<Break> check(AuditEntry previous, AuditEntry entry) {
    long expectedSeq = previous == null ? 1 : previous.seq() + 1;
    String expectedPrev = previous == null ? GENESIS : previous.hash();
    if (entry.seq() != expectedSeq) {
      return Optional.of(new Break(entry.seq(), "seq " + entry.seq() + " follows " + (expectedSeq - 1)
          + ": rows " + expectedSeq + ".." + (entry.seq() - 1) + " are missing"));
    }
    if (!expectedPrev.equals(entry.prevHash())) {
      return Optional.of(new Break(entry.seq(), "prev_hash is not the hash of row " + (expectedSeq - 1)));
    }
    String recomputed = hash(entry.seq(), entry.at(), entry.actor(), entry.action(), entry.tenant(), entry.target(),
        entry.detail(), entry.prevHash());
    if (!recomputed.equals(entry.hash())) {
      return Optional.of(new Break(entry.seq(), "hash does not match the row's fields: the row was changed"));
    }
    return Optional.empty();
  }
}
