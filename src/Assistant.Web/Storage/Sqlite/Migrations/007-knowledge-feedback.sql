-- "Was this helpful?" taps on knowledge answers: entry, content version and the vote, nothing personal.
CREATE TABLE knowledge_feedback (
    id              TEXT PRIMARY KEY,
    entry_id        TEXT NOT NULL,
    content_version TEXT NOT NULL,
    helpful         INTEGER NOT NULL,
    language        TEXT NOT NULL,
    channel         TEXT NOT NULL,
    given_at        TEXT NOT NULL
);
CREATE INDEX ix_knowledge_feedback_entry ON knowledge_feedback (entry_id, content_version);
