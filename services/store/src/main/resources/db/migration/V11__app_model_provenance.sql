-- Issue 19: an app scored by its own model (glassbox train --app) names it in the explanation's provenance
-- (provenance.app_model: app, format, trained_at, sha256). The columns mirror the JSON, as V8's do, so flag quality
-- and model comparisons can group by the model that scored a call; NULL when the global model scored it.
ALTER TABLE explanations
    ADD COLUMN app_model_sha256 text GENERATED ALWAYS AS (explanation #>> '{provenance,app_model,sha256}') STORED,
    ADD COLUMN app_model_trained_at timestamptz
        GENERATED ALWAYS AS (glassbox_instant(explanation #>> '{provenance,app_model,trained_at}')) STORED;

-- Flag quality: each reviewed call's flag beside its latest verdict (unsure verdicts and calls without a checkable
-- score give no label), the one definition the API, the dashboards and the alert read. security_invoker makes the
-- view apply the row-level security of whoever reads it, so a tenant role sees its own verdicts only.
CREATE VIEW reviewed_flags WITH (security_invoker = true) AS
SELECT e.tenant, e.call_id, e.app, e.model, e.ts, e.flagged, e.hallucination_score,
       coalesce(e.glassbox_version, 'unknown') AS glassbox_version,
       CASE WHEN e.app_model_sha256 IS NOT NULL THEN 'app:' || left(e.app_model_sha256, 12)
            ELSE 'global:' || coalesce(left(e.hallucination_model_sha256, 12), 'unknown') END AS scoring_model,
       l.verdict = 'hallucinated' AS hallucinated, l.created_at AS reviewed_at
FROM (SELECT DISTINCT ON (tenant, call_id) tenant, call_id, verdict, created_at
      FROM reviewer_verdicts ORDER BY tenant, call_id, id DESC) l
JOIN explanations e ON e.tenant = l.tenant AND e.call_id = l.call_id
WHERE l.verdict <> 'unsure' AND e.hallucination_score IS NOT NULL;

GRANT SELECT ON reviewed_flags TO glassbox_writer, glassbox_reader, glassbox_tenant;

-- The 95 % Wilson score interval of k successes in n (core's Wilson, for SQL readers such as Grafana); NULL when n = 0.
CREATE FUNCTION glassbox_wilson_low(k bigint, n bigint) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN n > 0 THEN greatest(0, ((k::float8 / n) + 3.8414588206941254 / (2 * n)
      - 1.959963984540054 * sqrt((k::float8 / n) * (1 - k::float8 / n) / n + 3.8414588206941254 / (4.0 * n * n)))
      / (1 + 3.8414588206941254 / n)) END;

CREATE FUNCTION glassbox_wilson_high(k bigint, n bigint) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN n > 0 THEN least(1, ((k::float8 / n) + 3.8414588206941254 / (2 * n)
      + 1.959963984540054 * sqrt((k::float8 / n) * (1 - k::float8 / n) / n + 3.8414588206941254 / (4.0 * n * n)))
      / (1 + 3.8414588206941254 / n)) END;
