-- Issue 16: a call without checkable evidence has no hallucination score (NULL, never flagged); the evidence the
-- score rests on ('none', 'logprobs', 'context', 'prompt', 'samples', or kinds joined by '+') and each sentence's
-- verdict ('supported', 'contradicted', 'unsupported', 'unverifiable') with what it rests on sit in their own columns
-- for SQL and dashboards. Rows stored before this version keep NULL evidence and verdicts.
ALTER TABLE explanations
    ALTER COLUMN hallucination_score DROP NOT NULL,
    ADD COLUMN evidence text;
ALTER TABLE explanation_sentences
    ADD COLUMN verdict text,
    ADD COLUMN evidence text;
CREATE INDEX explanations_checkable_ts ON explanations (ts) WHERE hallucination_score IS NOT NULL;
