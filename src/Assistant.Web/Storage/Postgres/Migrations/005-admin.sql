-- staff desk: accounts, sign-in attempts, audit log, unanswered decisions
-- The staff review desk: accounts, sign-in attempts (lockout window, Unix milliseconds), the audit log, decisions
-- about unanswered questions, and an index that lets the dashboard count responses from the index alone.
CREATE TABLE staff_accounts (
    name            text PRIMARY KEY,
    role            text NOT NULL CHECK (role IN ('admin', 'reviewer')),
    password_hash   text NOT NULL,
    security_stamp  text NOT NULL,
    created_at      timestamptz NOT NULL,
    last_sign_in_at timestamptz
);
CREATE TABLE staff_login_attempts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL,
    attempted_at_ms bigint NOT NULL
);
CREATE INDEX ix_staff_login_attempts_name ON staff_login_attempts (name, attempted_at_ms);
CREATE INDEX ix_staff_login_attempts_time ON staff_login_attempts (attempted_at_ms);
CREATE TABLE audit_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL,
    actor   text NOT NULL,
    action  text NOT NULL,
    subject text NOT NULL,
    details text
);
CREATE TABLE unanswered_resolutions (
    question_id uuid PRIMARY KEY REFERENCES unanswered_questions(id) ON DELETE CASCADE,
    outcome     text NOT NULL CHECK (outcome IN ('out_of_scope', 'assigned')),
    entry_id    text,
    resolved_by text NOT NULL,
    resolved_at timestamptz NOT NULL,
    added_at    timestamptz
);
CREATE INDEX ix_survey_responses_counts ON survey_responses (survey_id, channel, status, started_at);
