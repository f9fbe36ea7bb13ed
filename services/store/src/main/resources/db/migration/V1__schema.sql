-- Glassbox store schema v1. Flyway owns it: later changes go in new V<n>__*.sql files, never edits here.
-- Every table is keyed by the call id (or call id + index), so replaying a topic adds no rows.

-- The logged call, as the explainer saw it (never its evaluation labels); texts are null when the
-- explanation carried no call view.
CREATE TABLE calls (
    call_id     text        PRIMARY KEY,
    tenant      text        NOT NULL,
    app         text        NOT NULL,
    model       text        NOT NULL,
    ts          timestamptz NOT NULL,
    prompt      jsonb,
    response    text,
    context     jsonb,
    attributes  jsonb,
    stored_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per explained call: the scalar signals dashboards chart, plus the whole explanation v1 JSON.
CREATE TABLE explanations (
    call_id             text             PRIMARY KEY REFERENCES calls (call_id) ON DELETE CASCADE,
    tenant              text             NOT NULL,
    app                 text             NOT NULL,
    model               text             NOT NULL,
    ts                  timestamptz      NOT NULL,
    hallucination_score double precision NOT NULL,
    flagged             boolean          NOT NULL,
    threshold           double precision,
    grounding_score     double precision,
    grounded_against    text,
    consistency_score   double precision,
    semantic_entropy    double precision,
    uncertainty_score   double precision,
    mean_logprob        double precision,
    perplexity          double precision,
    mean_entropy        double precision,
    max_entropy         double precision,
    min_prob            double precision,
    summary             text,
    encoder_passes      integer          NOT NULL,
    embedding_model     text,
    prompt_embedding    real[],
    response_embedding  real[],
    explanation         jsonb            NOT NULL,
    stored_at           timestamptz      NOT NULL DEFAULT now()
);

-- Per response sentence: hallucination risk, grounding support and consistency, aligned by sentence index.
CREATE TABLE explanation_sentences (
    call_id       text             NOT NULL REFERENCES explanations (call_id) ON DELETE CASCADE,
    idx           integer          NOT NULL,
    start_offset  integer          NOT NULL,
    end_offset    integer          NOT NULL,
    score         double precision,
    reason        text,
    support       double precision,
    source        text,
    source_start  integer,
    source_end    integer,
    consistency   double precision,
    uncertainty   double precision,
    PRIMARY KEY (call_id, idx)
);

-- Per logged response token: its probability and the entropy of its top alternatives.
CREATE TABLE explanation_tokens (
    call_id       text             NOT NULL REFERENCES explanations (call_id) ON DELETE CASCADE,
    idx           integer          NOT NULL,
    start_offset  integer          NOT NULL,
    end_offset    integer          NOT NULL,
    token         text             NOT NULL,
    logprob       double precision,
    prob          double precision,
    entropy       double precision,
    PRIMARY KEY (call_id, idx)
);

-- Drift reports from llm.drift.v1, one per (app, model, tenant) window; filled by a later version.
CREATE TABLE drift_reports (
    id            bigserial   PRIMARY KEY,
    app           text        NOT NULL,
    model         text        NOT NULL,
    tenant        text,
    window_start  timestamptz NOT NULL,
    window_end    timestamptz NOT NULL,
    calls         integer     NOT NULL,
    drifted       boolean     NOT NULL,
    report        jsonb       NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now()
);

-- What the dashboards and the REST API filter and sort by.
CREATE INDEX explanations_app_model_ts ON explanations (app, model, ts);
CREATE INDEX explanations_tenant_ts    ON explanations (tenant, ts);
CREATE INDEX explanations_ts           ON explanations (ts);
CREATE INDEX explanations_flagged_ts   ON explanations (ts) WHERE flagged;
CREATE INDEX calls_ts                  ON calls (ts);
CREATE INDEX drift_reports_app_model_window ON drift_reports (app, model, window_end);
