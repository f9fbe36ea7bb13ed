package dev.glassbox.core.audit;

import java.time.Instant;

/**
 * One row of the audit log: who did what to what, and the hashes that chain it to the row before.
 *
 * @param seq the row's place in the log, from 1 without gaps
 * @param at when, to the microsecond (what PostgreSQL keeps)
 * @param actor the access key's name, the CLI's database user, or a job's name
 * @param action what was done ({@code verdict}, {@code delete}, {@code retention}, {@code tenant-role}, ...)
 * @param tenant the tenant acted on, or {@code null} when the action spans every tenant
 * @param target what was acted on (a call id, a role name), or {@code null}
 * @param detail more about it, as stored text (hashed byte for byte), or {@code null}
 * @param prevHash the previous row's hash ({@link AuditChain#GENESIS} for the first row)
 * @param hash sha256 over {@code prevHash} and every other field
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String tenant, String target,
    String detail, String prevHash, String hash) {}
