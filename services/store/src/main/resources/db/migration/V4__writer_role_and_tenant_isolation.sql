-- Who may see which rows. Three kinds of database role:
--   glassbox_writer  (NOLOGIN group) the store's connections SET ROLE to it: reads and writes every row, no DDL;
--   glassbox_reader  (V3, LOGIN)     Grafana: reads every row;
--   glassbox_tenant  (NOLOGIN group) every per-tenant login role is a member; it reads only the rows of the
--                                    tenant that tenant_roles maps the login role to, and writes nothing.
-- Row-level security is forced, so even the tables' owner (the migrating user) sees rows only through a
-- policy: it is made a member of glassbox_writer, whose policy lets it see everything (later migrations that
-- update rows need that). Superusers bypass row-level security whatever is set here.
-- Creating the roles needs CREATEROLE, as V3 does; a DBA may create them beforehand (see deploy/README.md).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'glassbox_writer') THEN
    CREATE ROLE glassbox_writer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'glassbox_tenant') THEN
    CREATE ROLE glassbox_tenant NOLOGIN;
  END IF;
  -- The store connects as the migrating user and switches to the writer (quarkus.datasource.jdbc.new-connection-sql).
  -- Granted even when pg_has_role says MEMBER: since PostgreSQL 16 a role's creator is an ADMIN member that may
  -- neither SET nor inherit it, and this grant adds both.
  EXECUTE format('GRANT glassbox_writer TO %I', current_user);
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO glassbox_writer, glassbox_tenant', current_database());
END
$$;

-- Which tenant each tenant login role may read. Row-level security on this table too: a tenant role reads
-- only its own mapping, so it learns no other tenant's name.
CREATE TABLE tenant_roles (
    role_name   text        PRIMARY KEY,
    tenant      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

GRANT USAGE ON SCHEMA public TO glassbox_writer, glassbox_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO glassbox_writer;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO glassbox_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO glassbox_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO glassbox_writer;
-- Tenants read the tenant-bearing tables and nothing else (not flyway_schema_history, not later tables).
GRANT SELECT ON calls, explanations, explanation_sentences, explanation_tokens, drift_reports, tenant_roles
  TO glassbox_tenant;

-- The tenant the current login role may read, or null (no rows) for a role tenant_roles does not name.
-- SET ROLE glassbox_tenant changes current_user to the group, which has no mapping: it sees nothing.
CREATE FUNCTION glassbox_current_tenant() RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT tenant FROM public.tenant_roles WHERE role_name = current_user::text $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['calls', 'explanations', 'explanation_sentences', 'explanation_tokens', 'drift_reports',
                           'tenant_roles'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY writer_all_rows ON %I FOR ALL TO glassbox_writer USING (true) WITH CHECK (true)', t);
    EXECUTE format('CREATE POLICY reader_all_rows ON %I FOR SELECT TO glassbox_reader USING (true)', t);
  END LOOP;
END
$$;

CREATE POLICY tenant_own_rows ON calls FOR SELECT TO glassbox_tenant
  USING (tenant = glassbox_current_tenant());
CREATE POLICY tenant_own_rows ON explanations FOR SELECT TO glassbox_tenant
  USING (tenant = glassbox_current_tenant());
CREATE POLICY tenant_own_rows ON drift_reports FOR SELECT TO glassbox_tenant
  USING (tenant = glassbox_current_tenant());
-- Sentences and tokens carry no tenant: they are visible exactly when their explanation is, which the
-- subquery decides under the explanations policy above.
CREATE POLICY tenant_own_rows ON explanation_sentences FOR SELECT TO glassbox_tenant
  USING (EXISTS (SELECT 1 FROM explanations e WHERE e.call_id = explanation_sentences.call_id));
CREATE POLICY tenant_own_rows ON explanation_tokens FOR SELECT TO glassbox_tenant
  USING (EXISTS (SELECT 1 FROM explanations e WHERE e.call_id = explanation_tokens.call_id));
CREATE POLICY tenant_own_mapping ON tenant_roles FOR SELECT TO glassbox_tenant
  USING (role_name = current_user::text);

-- Creates (or updates) a tenant's login role: read-only sessions, member of glassbox_tenant, mapped to its
-- tenant. Runs with the caller's rights (it needs CREATEROLE and ADMIN on glassbox_tenant); `glassbox
-- tenant-role` calls it. Role names and passwords are quoted by format(), never spliced.
CREATE FUNCTION glassbox_create_tenant_role(role_name text, role_password text, tenant text) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF role_name IS NULL OR role_name !~ '^[a-z_][a-z0-9_]{0,62}$' THEN
    RAISE EXCEPTION 'role name % must be 1-63 lower-case letters, digits or _ (not starting with a digit)', role_name;
  END IF;
  IF role_name LIKE 'glassbox\_%' AND role_name NOT LIKE 'glassbox\_tenant\_%' THEN
    RAISE EXCEPTION 'role name % is reserved for Glassbox''s own roles', role_name;
  END IF;
  IF tenant IS NULL OR length(tenant) = 0 OR length(tenant) > 256 THEN
    RAISE EXCEPTION 'tenant must be 1-256 characters';
  END IF;
  IF role_password IS NULL OR length(role_password) < 12 THEN
    RAISE EXCEPTION 'the password of role % must have at least 12 characters', role_name;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = role_name) THEN
    IF NOT EXISTS (SELECT 1 FROM public.tenant_roles m WHERE m.role_name = glassbox_create_tenant_role.role_name) THEN
      RAISE EXCEPTION 'role % exists and is not a tenant role; choose another name', role_name;
    END IF;
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', role_name, role_password);
  ELSE
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', role_name, role_password);
  END IF;
  EXECUTE format('GRANT glassbox_tenant TO %I', role_name);
  EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', role_name);
  INSERT INTO public.tenant_roles AS m (role_name, tenant) VALUES (role_name, tenant)
    ON CONFLICT ON CONSTRAINT tenant_roles_pkey DO UPDATE SET tenant = EXCLUDED.tenant;
END
$$;
REVOKE EXECUTE ON FUNCTION glassbox_create_tenant_role(text, text, text) FROM PUBLIC;
