-- unanswered questions
-- Questions the knowledge base could not answer, for the staff desk.
CREATE TABLE unanswered_questions (
    id         uuid PRIMARY KEY,
    text       text NOT NULL,
    language   text NOT NULL,
    channel    text NOT NULL,
    asked_at   timestamptz NOT NULL,
    candidates jsonb NOT NULL
);
CREATE INDEX ix_unanswered_asked_at ON unanswered_questions (asked_at);
