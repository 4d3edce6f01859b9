-- invitations with campaign labels, the campaign of each survey response, and subscriptions
-- An invitation is the server's record behind a signed invitation code: the survey it opens, the campaign it counts
-- for, when it stops working and how many openings it allows. Nothing personal.
CREATE TABLE invitations (
    id          TEXT NOT NULL PRIMARY KEY,
    survey_id   TEXT NOT NULL,
    campaign    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    expires_at  TEXT,
    max_uses    INTEGER,
    opened      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX ix_invitations_survey ON invitations (survey_id, created_at);
ALTER TABLE survey_responses ADD COLUMN campaign TEXT;
CREATE INDEX ix_survey_responses_campaign ON survey_responses (survey_id, campaign);
-- Subscriptions: who opted in to news on which topic (surveys, events, results), where the channel reaches them and in
-- which language. Personal: listed by the privacy store, erased by /forget.
CREATE TABLE subscriptions (
    participant_key TEXT NOT NULL,
    topic           TEXT NOT NULL CHECK (topic IN ('surveys', 'events', 'results')),
    channel         TEXT NOT NULL,
    address         TEXT NOT NULL,
    language        TEXT NOT NULL,
    subscribed_at   TEXT NOT NULL,
    PRIMARY KEY (participant_key, topic)
) WITHOUT ROWID;
CREATE INDEX ix_subscriptions_topic ON subscriptions (topic, participant_key);
