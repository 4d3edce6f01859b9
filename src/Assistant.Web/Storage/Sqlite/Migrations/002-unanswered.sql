-- Questions the knowledge base could not answer, for the staff desk.
CREATE TABLE unanswered_questions (
    id         TEXT PRIMARY KEY,
    text       TEXT NOT NULL,
    language   TEXT NOT NULL,
    channel    TEXT NOT NULL,
    asked_at   TEXT NOT NULL,
    candidates TEXT NOT NULL
);
CREATE INDEX ix_unanswered_asked_at ON unanswered_questions (asked_at);
