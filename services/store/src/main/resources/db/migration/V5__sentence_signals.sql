-- Issue 3: the learned hallucination model's risk per kind of evidence ({"context": 0.8, "logprobs": 0.4}) and the
-- BERTScore-style token alignment of the sentence with its context or prompt, next to the other per-sentence columns.
-- Rows stored before this version keep NULL; the explanation JSON of those calls has neither.
ALTER TABLE explanation_sentences
    ADD COLUMN token_alignment double precision,
    ADD COLUMN signals jsonb;
