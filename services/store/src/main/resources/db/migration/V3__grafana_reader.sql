-- The read-only role Grafana (and any other reporting tool) connects as: it can read every table,
-- including tables later migrations add, and can change nothing.
-- The password comes from the session setting glassbox.reader_password, which the store sets from
-- GLASSBOX_READER_PASSWORD through Flyway's init SQL (quarkus.flyway.init-sql); a Flyway run without it
-- (a test, a hand-run migration) gets the documented default 'glassbox-reader' rather than failing,
-- which a Flyway placeholder would do. Re-running against a database where the role exists keeps its password.
DO $$
DECLARE
  reader_password text := coalesce(nullif(current_setting('glassbox.reader_password', true), ''), 'glassbox-reader');
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'glassbox_reader') THEN
    -- Creating it needs CREATEROLE; a DBA may instead create the role beforehand (see deploy/README.md).
    EXECUTE format('CREATE ROLE glassbox_reader LOGIN PASSWORD %L', reader_password);
    -- Every session of the role is read-only, so even a mistaken grant could not let a dashboard write.
    ALTER ROLE glassbox_reader SET default_transaction_read_only = on;
  END IF;
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO glassbox_reader', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO glassbox_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO glassbox_reader;
-- Tables created later by the migrating role (e.g. a new V<n>__ migration) are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO glassbox_reader;
