-- Issue 18: what made each explanation (provenance), earlier explanations of a call kept as history, reviewers'
-- verdicts, and an append-only audit log chained by sha256.

-- Provenance columns mirror the explanation JSON's provenance object, so they can never disagree with it; rows
-- written before provenance existed have NULL. Glassbox writes explained_at as an ISO-8601 instant with 'Z'
-- (Instant's form), which parses the same under every session setting: that makes the cast safe to declare
-- immutable. A value that is no timestamp (another producer's) gives NULL rather than refusing the explanation.
CREATE FUNCTION glassbox_instant(value text) RETURNS timestamptz
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
BEGIN
  RETURN value::timestamptz;
EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR invalid_parameter_value THEN
  RETURN NULL;
END
$$;

ALTER TABLE explanations
    ADD COLUMN glassbox_version text GENERATED ALWAYS AS (explanation #>> '{provenance,glassbox_version}') STORED,
    ADD COLUMN glassbox_commit text GENERATED ALWAYS AS (explanation #>> '{provenance,glassbox_commit}') STORED,
    ADD COLUMN encoder_sha256 text GENERATED ALWAYS AS (explanation #>> '{provenance,encoder_sha256}') STORED,
    ADD COLUMN hallucination_model_version integer
        GENERATED ALWAYS AS ((explanation #>> '{provenance,hallucination_model_version}')::integer) STORED,
    ADD COLUMN hallucination_model_sha256 text
        GENERATED ALWAYS AS (explanation #>> '{provenance,hallucination_model_sha256}') STORED,
    ADD COLUMN settings_sha256 text GENERATED ALWAYS AS (explanation #>> '{provenance,settings_sha256}') STORED,
    ADD COLUMN explained_at timestamptz
        GENERATED ALWAYS AS (glassbox_instant(explanation #>> '{provenance,explained_at}')) STORED;

-- An explanation a newer one of the same call replaced. The store's upsert replaces the row in place; the trigger
-- keeps the old JSON whenever it differs (a replay of the same explanation adds nothing). Deleting the call (API
-- or retention) deletes its history too: history must not outlive the call's personal data.
CREATE TABLE explanation_history (
    id               bigserial   PRIMARY KEY,
    tenant           text        NOT NULL,
    call_id          text        NOT NULL,
    explanation      jsonb       NOT NULL,
    stored_at        timestamptz NOT NULL,
    replaced_at      timestamptz NOT NULL DEFAULT now(),
    glassbox_version text GENERATED ALWAYS AS (explanation #>> '{provenance,glassbox_version}') STORED,
    explained_at     timestamptz
        GENERATED ALWAYS AS (glassbox_instant(explanation #>> '{provenance,explained_at}')) STORED,
    FOREIGN KEY (tenant, call_id) REFERENCES calls (tenant, call_id) ON DELETE CASCADE
);
CREATE INDEX explanation_history_call ON explanation_history (tenant, call_id, id);

CREATE FUNCTION glassbox_keep_replaced_explanation() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.explanation IS DISTINCT FROM NEW.explanation THEN
    INSERT INTO explanation_history (tenant, call_id, explanation, stored_at)
      VALUES (OLD.tenant, OLD.call_id, OLD.explanation, OLD.stored_at);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER keep_replaced_explanation BEFORE UPDATE OF explanation ON explanations
  FOR EACH ROW EXECUTE FUNCTION glassbox_keep_replaced_explanation();

-- A reviewer's verdict on a call: append-only (a newer verdict of the same reviewer on the same call supersedes
-- the older, none is edited). Per-sentence verdicts are a JSON array of {index, start, end, verdict}.
CREATE TABLE reviewer_verdicts (
    id          bigserial   PRIMARY KEY,
    tenant      text        NOT NULL,
    call_id     text        NOT NULL,
    reviewer    text        NOT NULL,
    verdict     text        NOT NULL CHECK (verdict IN ('hallucinated', 'correct', 'unsure')),
    sentences   jsonb,
    note        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant, call_id) REFERENCES calls (tenant, call_id) ON DELETE CASCADE
);
CREATE INDEX reviewer_verdicts_call ON reviewer_verdicts (tenant, call_id, id);
CREATE INDEX reviewer_verdicts_created_at ON reviewer_verdicts (created_at);

-- Every write by a person or a job, each row's hash covering the previous row's hash (core AuditChain). Appends
-- are serialised by a transaction-level advisory lock (AuditLog), so seq has no gaps and the chain no forks.
-- No foreign keys: the log outlives the calls it names.
CREATE TABLE audit_log (
    seq         bigint      PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    tenant      text,
    target      text,
    detail      text,
    prev_hash   text        NOT NULL,
    hash        text        NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- The same roles and policies as every other tenant table (V4, V6): the writer reads and inserts, Grafana reads
-- all, a tenant role reads its own. The default privileges (V4) gave the writer UPDATE and DELETE on new tables:
-- verdicts and the audit log take them back, so no application role can change or remove a row (deleting a call
-- still removes its verdicts: the foreign key's cascade runs as the tables' owner).
REVOKE UPDATE, DELETE, TRUNCATE ON reviewer_verdicts, audit_log FROM glassbox_writer;
REVOKE UPDATE, TRUNCATE ON explanation_history FROM glassbox_writer;
GRANT SELECT ON explanation_history, reviewer_verdicts, audit_log TO glassbox_tenant;
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['explanation_history', 'reviewer_verdicts', 'audit_log'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY writer_all_rows ON %I FOR ALL TO glassbox_writer USING (true) WITH CHECK (true)', t);
    EXECUTE format('CREATE POLICY reader_all_rows ON %I FOR SELECT TO glassbox_reader USING (true)', t);
    EXECUTE format('CREATE POLICY tenant_own_rows ON %I FOR SELECT TO glassbox_tenant '
                   'USING (tenant = glassbox_current_tenant())', t);
  END LOOP;
END
$$;
