-- Issue 15: a call's identity is (tenant, call_id), never call_id alone, so one tenant's call can never replace
-- another's. Every table holding a call's rows is keyed by both; sentences and tokens carry the tenant themselves.
-- calls also records what the store needs for the same-call rule (ExplanationRows.CallRow): the content hash and
-- the explicit revision; rows stored before this version have neither (NULL), and the first call re-sent with
-- their id replaces them and records its own. Deleted calls leave a tombstone so a replay does not re-create them.

-- The foreign keys name call_id alone: drop them before the keys they reference change.
ALTER TABLE explanation_sentences DROP CONSTRAINT explanation_sentences_call_id_fkey;
ALTER TABLE explanation_tokens    DROP CONSTRAINT explanation_tokens_call_id_fkey;
ALTER TABLE explanations          DROP CONSTRAINT explanations_call_id_fkey;

ALTER TABLE explanation_sentences ADD COLUMN tenant text;
ALTER TABLE explanation_tokens    ADD COLUMN tenant text;
UPDATE explanation_sentences s SET tenant = e.tenant FROM explanations e WHERE e.call_id = s.call_id;
UPDATE explanation_tokens    t SET tenant = e.tenant FROM explanations e WHERE e.call_id = t.call_id;
-- Rows whose explanation is gone could not exist under the old foreign keys; any left would be unreadable anyway.
DELETE FROM explanation_sentences WHERE tenant IS NULL;
DELETE FROM explanation_tokens    WHERE tenant IS NULL;
ALTER TABLE explanation_sentences ALTER COLUMN tenant SET NOT NULL;
ALTER TABLE explanation_tokens    ALTER COLUMN tenant SET NOT NULL;

ALTER TABLE calls
    DROP CONSTRAINT calls_pkey,
    ADD PRIMARY KEY (tenant, call_id),
    ADD COLUMN content_hash text,
    ADD COLUMN revision bigint;
ALTER TABLE explanations
    DROP CONSTRAINT explanations_pkey,
    ADD PRIMARY KEY (tenant, call_id),
    ADD FOREIGN KEY (tenant, call_id) REFERENCES calls (tenant, call_id) ON DELETE CASCADE;
ALTER TABLE explanation_sentences
    DROP CONSTRAINT explanation_sentences_pkey,
    ADD PRIMARY KEY (tenant, call_id, idx),
    ADD FOREIGN KEY (tenant, call_id) REFERENCES explanations (tenant, call_id) ON DELETE CASCADE;
ALTER TABLE explanation_tokens
    DROP CONSTRAINT explanation_tokens_pkey,
    ADD PRIMARY KEY (tenant, call_id, idx),
    ADD FOREIGN KEY (tenant, call_id) REFERENCES explanations (tenant, call_id) ON DELETE CASCADE;

-- The API resolves a bare id to the tenants that hold it (CallResource).
CREATE INDEX calls_call_id        ON calls (call_id);
CREATE INDEX explanations_call_id ON explanations (call_id);

-- Sentences and tokens now name their tenant: the tenant policy reads it directly instead of a subquery.
DROP POLICY tenant_own_rows ON explanation_sentences;
DROP POLICY tenant_own_rows ON explanation_tokens;
CREATE POLICY tenant_own_rows ON explanation_sentences FOR SELECT TO glassbox_tenant
  USING (tenant = glassbox_current_tenant());
CREATE POLICY tenant_own_rows ON explanation_tokens FOR SELECT TO glassbox_tenant
  USING (tenant = glassbox_current_tenant());

-- A call deleted over the API (not by retention): a record with the same tenant and id is refused while the
-- tombstone lasts (glassbox.store.retention.tombstones-days after deleted_at).
CREATE TABLE call_tombstones (
    tenant      text        NOT NULL,
    call_id     text        NOT NULL,
    deleted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, call_id)
);
CREATE INDEX call_tombstones_deleted_at ON call_tombstones (deleted_at);

-- The same roles and policies as every other tenant table (V3, V4): writer all rows, reader reads all, a tenant
-- reads its own and writes nothing.
GRANT SELECT ON call_tombstones TO glassbox_tenant;
ALTER TABLE call_tombstones ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_tombstones FORCE ROW LEVEL SECURITY;
CREATE POLICY writer_all_rows ON call_tombstones FOR ALL TO glassbox_writer USING (true) WITH CHECK (true);
CREATE POLICY reader_all_rows ON call_tombstones FOR SELECT TO glassbox_reader USING (true);
CREATE POLICY tenant_own_rows ON call_tombstones FOR SELECT TO glassbox_tenant
  USING (tenant = glassbox_current_tenant());
