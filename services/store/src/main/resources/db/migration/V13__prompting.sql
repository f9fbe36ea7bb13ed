-- Issue 20: the prompting paradigm's figures of each explanation (few-shot demonstrations, reasoning chains), as
-- columns generated from the explanation JSON's prompting block, so SQL and dashboards need not dig into the JSON and
-- the columns can never disagree with it. Rows written before the block existed, or of calls without demonstrations
-- or a reasoning chain, have NULL.
ALTER TABLE explanations
    ADD COLUMN demonstrations integer
        GENERATED ALWAYS AS (jsonb_array_length(CASE WHEN jsonb_typeof(explanation #> '{prompting,demonstrations}') = 'array'
            THEN explanation #> '{prompting,demonstrations}' END)) STORED,
    ADD COLUMN copied_demonstration text
        GENERATED ALWAYS AS (jsonb_path_query_first(explanation,
            '$.prompting.demonstrations[*] ? (@.copied == true).segment') #>> '{}') STORED,
    ADD COLUMN majority_label boolean
        GENERATED ALWAYS AS ((explanation #>> '{prompting,majority_label}')::boolean) STORED,
    ADD COLUMN reasoning_steps integer
        GENERATED ALWAYS AS (jsonb_array_length(CASE WHEN jsonb_typeof(explanation #> '{prompting,reasoning,steps}') = 'array'
            THEN explanation #> '{prompting,reasoning,steps}' END)) STORED,
    ADD COLUMN answer_supported boolean
        GENERATED ALWAYS AS ((explanation #>> '{prompting,reasoning,answer_supported}')::boolean) STORED,
    ADD COLUMN answer_follows boolean
        GENERATED ALWAYS AS ((explanation #>> '{prompting,reasoning,answer_follows}')::boolean) STORED,
    ADD COLUMN answer_agreement double precision
        GENERATED ALWAYS AS ((explanation #>> '{prompting,reasoning,agreement}')::double precision) STORED;
