-- The staff review desk: accounts, sign-in attempts (lockout window, Unix milliseconds), the audit log, decisions
-- about unanswered questions, and an index that lets the dashboard count responses from the index alone.
CREATE TABLE staff_accounts (
    name           TEXT PRIMARY KEY,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'reviewer')),
    password_hash  TEXT NOT NULL,
    security_stamp TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    last_sign_in_at TEXT
);
CREATE TABLE staff_login_attempts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    attempted_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_staff_login_attempts_name ON staff_login_attempts (name, attempted_at_ms);
CREATE INDEX ix_staff_login_attempts_time ON staff_login_attempts (attempted_at_ms);
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT
);
CREATE TABLE unanswered_resolutions (
    question_id TEXT PRIMARY KEY REFERENCES unanswered_questions(id) ON DELETE CASCADE,
    outcome     TEXT NOT NULL CHECK (outcome IN ('out_of_scope', 'assigned')),
    entry_id    TEXT,
    resolved_by TEXT NOT NULL,
    resolved_at TEXT NOT NULL,
    added_at    TEXT
);
CREATE INDEX ix_survey_responses_counts ON survey_responses (survey_id, channel, status, started_at);
