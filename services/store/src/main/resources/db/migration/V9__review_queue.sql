-- Issue 18 (review queue) and issue 19 (active review): the queue pages through an app's calls by risk or by how
-- much a verdict would teach the app's model, with keyset (seek) paging, in well under 200 ms over 100,000 calls.

-- Each explanation row mirrors its call's latest verdict (by verdict id, over every reviewer; the same rule as the
-- export's labels), so "not yet reviewed" and a verdict class are plain columns a partial index can hold. A NOT
-- EXISTS over reviewer_verdicts would do, but a queue reviewed from the top puts every reviewed call at the head of
-- the score order, where each page would probe them all again. Only this trigger writes the two columns; the store's
-- upserts never name them, so a re-explained call keeps its verdict.
ALTER TABLE explanations
    ADD COLUMN review_verdict text,
    ADD COLUMN review_verdict_id bigint;

-- Two verdicts on one call appended at once: the row lock orders the two UPDATEs, and the id test (re-checked on the
-- newest row version under READ COMMITTED) keeps the newer verdict whichever commits last.
CREATE FUNCTION glassbox_note_latest_verdict() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE explanations SET review_verdict = NEW.verdict, review_verdict_id = NEW.id
   WHERE tenant = NEW.tenant AND call_id = NEW.call_id
     AND (review_verdict_id IS NULL OR review_verdict_id < NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER note_latest_verdict AFTER INSERT ON reviewer_verdicts
  FOR EACH ROW EXECUTE FUNCTION glassbox_note_latest_verdict();

UPDATE explanations e SET review_verdict = v.verdict, review_verdict_id = v.id
  FROM (SELECT DISTINCT ON (tenant, call_id) tenant, call_id, id, verdict
          FROM reviewer_verdicts ORDER BY tenant, call_id, id DESC) v
 WHERE e.tenant = v.tenant AND e.call_id = v.call_id;

-- Riskiest first (hallucination score descending, ties by tenant and call id): one app's unreviewed flagged calls,
-- and every app's. Scanned backwards; the keyset condition (score, tenant, call_id) < cursor is an index bound.
CREATE INDEX review_queue_riskiest_app ON explanations (app, hallucination_score, tenant, call_id)
    WHERE flagged AND review_verdict IS NULL;
CREATE INDEX review_queue_riskiest ON explanations (hallucination_score, tenant, call_id)
    WHERE flagged AND review_verdict IS NULL;
-- Flagged calls of one verdict class (re-reviewing hallucinated, correct or unsure ones): as many rows as verdicts.
CREATE INDEX review_queue_reviewed ON explanations (review_verdict, hallucination_score, tenant, call_id)
    WHERE flagged AND review_verdict IS NOT NULL;
-- Most informative first: nearest the flag threshold the call was scored against, on both sides of it, per app
-- (the order is about one app's model; the API asks for an app with it). See ReviewQueueRepository.
CREATE INDEX review_queue_informative_app
    ON explanations (app, abs(hallucination_score - threshold), tenant, call_id)
    WHERE review_verdict IS NULL AND hallucination_score IS NOT NULL AND threshold IS NOT NULL;
