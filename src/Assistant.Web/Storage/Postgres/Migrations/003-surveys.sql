-- survey responses, answers, consents
-- Survey responses with one answer per question (the primary key makes racing saves of one question replace each
-- other, never add a second row), and the consent log.
CREATE TABLE survey_responses (
    id              uuid PRIMARY KEY,
    survey_id       text NOT NULL,
    survey_version  integer NOT NULL,
    participant_key text,
    channel         text NOT NULL,
    started_at      timestamptz NOT NULL,
    completed_at    timestamptz,
    status          text NOT NULL CHECK (status IN ('in_progress', 'completed', 'abandoned'))
);
CREATE INDEX ix_survey_responses_participant ON survey_responses (survey_id, participant_key);
CREATE INDEX ix_survey_responses_started_at ON survey_responses (survey_id, started_at);
CREATE TABLE survey_answers (
    response_id uuid NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    question_id text NOT NULL,
    value_json  jsonb NOT NULL,
    answered_at timestamptz NOT NULL,
    CONSTRAINT survey_answers_one_per_question PRIMARY KEY (response_id, question_id)
);
CREATE TABLE consents (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    participant_key text NOT NULL,
    survey_id       text NOT NULL,
    consent_version integer NOT NULL,
    channel         text NOT NULL,
    consented_at    timestamptz NOT NULL
);
CREATE INDEX ix_consents_participant ON consents (participant_key);
