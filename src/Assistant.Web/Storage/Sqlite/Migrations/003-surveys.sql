-- Survey responses with one answer per question, and the consent log.
CREATE TABLE survey_responses (
    id              TEXT NOT NULL PRIMARY KEY,
    survey_id       TEXT NOT NULL,
    survey_version  INTEGER NOT NULL,
    participant_key TEXT,
    channel         TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    completed_at    TEXT,
    status          TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'abandoned'))
);
CREATE INDEX ix_survey_responses_participant ON survey_responses (survey_id, participant_key);
CREATE INDEX ix_survey_responses_started_at ON survey_responses (survey_id, started_at);
CREATE TABLE survey_answers (
    response_id TEXT NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    value_json  TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
CREATE TABLE consents (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_key TEXT NOT NULL,
    survey_id       TEXT NOT NULL,
    consent_version INTEGER NOT NULL,
    channel         TEXT NOT NULL,
    consented_at    TEXT NOT NULL
);
CREATE INDEX ix_consents_participant ON consents (participant_key);
