-- Issue 18 item 6: a store access key bound to a tenant reads through row-level security, not only through the
-- tenant predicate Java adds. The store's API opens such a key's reads as glassbox_bound (a NOLOGIN group the
-- store's login may SET ROLE to) with the session setting glassbox.tenant set to the key's tenant
-- (TenantReads); glassbox_bound reads only rows whose tenant is that setting, and nothing when it is unset or
-- empty. Only the store's login is a member: tenant login roles (V4) and Grafana's reader are not, so setting
-- glassbox.tenant in their own sessions changes nothing they can see. glassbox_bound writes nothing; verdicts,
-- deletes and audit rows of bound keys are written by glassbox_writer after their reads found the call.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'glassbox_bound') THEN
    CREATE ROLE glassbox_bound NOLOGIN;
  END IF;
  -- As V4 for glassbox_writer: granted even when already a member, for PostgreSQL 16's SET option.
  EXECUTE format('GRANT glassbox_bound TO %I', current_user);
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO glassbox_bound', current_database());
END
$$;

-- The tenant a glassbox_bound session reads, or null (no rows) when the store set none.
CREATE FUNCTION glassbox_session_tenant() RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('glassbox.tenant', true), '') $$;

GRANT USAGE ON SCHEMA public TO glassbox_bound;
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['calls', 'explanations', 'explanation_sentences', 'explanation_tokens', 'drift_reports',
                           'call_tombstones', 'explanation_history', 'reviewer_verdicts', 'audit_log'] LOOP
    EXECUTE format('GRANT SELECT ON %I TO glassbox_bound', t);
    EXECUTE format('CREATE POLICY bound_session_tenant ON %I FOR SELECT TO glassbox_bound '
                   'USING (tenant = glassbox_session_tenant())', t);
  END LOOP;
END
$$;
