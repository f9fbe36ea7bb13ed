-- Drift reports are upserted by their window, so a replayed llm.drift.v1 record rewrites its row rather than adding one.
-- Nothing wrote this table before this version; the clean-up below only matters for hand-inserted rows.
UPDATE drift_reports SET tenant = 'default' WHERE tenant IS NULL;
DELETE FROM drift_reports a USING drift_reports b
 WHERE a.id < b.id AND a.app = b.app AND a.model = b.model AND a.tenant = b.tenant
   AND a.window_start = b.window_start AND a.window_end = b.window_end;
ALTER TABLE drift_reports ALTER COLUMN tenant SET DEFAULT 'default';
ALTER TABLE drift_reports ALTER COLUMN tenant SET NOT NULL;
CREATE UNIQUE INDEX drift_reports_window_key ON drift_reports (app, model, tenant, window_start, window_end);
