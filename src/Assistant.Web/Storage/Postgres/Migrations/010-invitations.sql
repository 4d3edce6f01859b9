-- invitations with campaign labels, the campaign of each survey response, and subscriptions
-- An invitation is the server's record behind a signed invitation code: the survey it opens, the campaign it counts
-- for, when it stops working and how many openings it allows. Nothing personal.
CREATE TABLE invitations (
    id          text PRIMARY KEY,
    survey_id   text NOT NULL,
    campaign    text NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL,
    expires_at  timestamptz,
    max_uses    integer,
    opened      integer NOT NULL DEFAULT 0
);
CREATE INDEX ix_invitations_survey ON invitations (survey_id, created_at);
ALTER TABLE survey_responses ADD COLUMN campaign text;
CREATE INDEX ix_survey_responses_campaign ON survey_responses (survey_id, campaign);
-- Subscriptions: who opted in to news on which topic (surveys, events, results), where the channel reaches them and in
-- which language. Personal: listed by the privacy store, erased by /forget.
CREATE TABLE subscriptions (
    participant_key text NOT NULL,
    topic           text NOT NULL CHECK (topic IN ('surveys', 'events', 'results')),
    channel         text NOT NULL,
    address         text NOT NULL,
    language        text NOT NULL,
    subscribed_at   timestamptz NOT NULL,
    PRIMARY KEY (participant_key, topic)
);
CREATE INDEX ix_subscriptions_topic ON subscriptions (topic, participant_key COLLATE "C");
ALTER TABLE subscriptions SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
