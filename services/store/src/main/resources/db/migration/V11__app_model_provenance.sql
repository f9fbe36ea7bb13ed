-- Issue 19: an app scored by its own model (glassbox train --app) names it in the explanation's provenance
-- (provenance.app_model: app, format, trained_at, sha256). The columns mirror the JSON, as V8's do, so flag quality
-- and model comparisons can group by the model that scored a call; NULL when the global model scored it.
ALTER TABLE explanations
    ADD COLUMN app_model_sha256 text GENERATED ALWAYS AS (explanation #>> '{provenance,app_model,sha256}') STORED,
    ADD COLUMN app_model_trained_at timestamptz
        GENERATED ALWAYS AS (glassbox_instant(explanation #>> '{provenance,app_model,trained_at}')) STORED;
