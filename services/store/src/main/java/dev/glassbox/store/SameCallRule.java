package dev.glassbox.store;

import dev.glassbox.store.ExplanationRows.CallRow;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Whether a call may be stored under its {@code (tenant, id)}: a new key always; a key already stored only by the
 * same call (same content hash: an idempotent replay or a re-explanation) or by one with a greater
 * {@code attributes.revision}; a deleted key never while its tombstone lasts.
 */
final class SameCallRule {

  /** The refusal kind of a call whose key holds other content and no lower revision. */
  static final String CHANGED = "changed";
  /** The refusal kind of a call whose key was deleted. */
  static final String DELETED = "deleted";

  /**
   * What is stored under a key.
   *
   * @param contentHash {@code null} for rows stored before hashes were (the first re-sent call then replaces them)
   */
  record Stored(String contentHash, long revision) {
    static Stored of(CallRow row) {
      return new Stored(row.contentHash(), row.revision());
    }
  }

  /** Why record {@code index} of a batch was not stored; {@code kind} is {@link #CHANGED} or {@link #DELETED}. */
  record Refusal(int index, String kind, String reason) {}

  private SameCallRule() {}

  /**
   * The refusal of {@code incoming}, record {@code index} of its batch, or empty when it may be stored.
   *
   * @param stored what its key holds now, or {@code null}
   * @param deletedAt when its key was deleted (a live tombstone), or {@code null}
   */
  static Optional<Refusal> check(int index, CallRow incoming, Stored stored, OffsetDateTime deletedAt) {
    String call = "call " + incoming.callId() + " of tenant " + incoming.tenant();
    if (deletedAt != null) {
      return Optional.of(new Refusal(index, DELETED, call + " was deleted at " + deletedAt.toInstant()
          + "; a deleted call is not stored again while its tombstone lasts"));
    }
    if (stored == null || stored.contentHash() == null || stored.contentHash().equals(incoming.contentHash())
        || incoming.revision() > stored.revision()) {
      return Optional.empty();
    }
    return Optional.of(new Refusal(index, CHANGED, call + " is stored with other content (hash "
        + shortHash(stored.contentHash()) + ", revision " + stored.revision() + "; this one: hash "
        + shortHash(incoming.contentHash()) + ", revision " + incoming.revision()
        + "); send a changed call with a new id or an attributes.revision above " + stored.revision()));
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
