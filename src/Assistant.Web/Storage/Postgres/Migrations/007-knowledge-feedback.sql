-- knowledge answer feedback
-- "Was this helpful?" taps on knowledge answers: entry, content version and the vote, nothing personal.
CREATE TABLE knowledge_feedback (
    id              uuid PRIMARY KEY,
    entry_id        text NOT NULL,
    content_version text NOT NULL,
    helpful         boolean NOT NULL,
    language        text NOT NULL,
    channel         text NOT NULL,
    given_at        timestamptz NOT NULL
);
CREATE INDEX ix_knowledge_feedback_entry ON knowledge_feedback (entry_id, content_version);
