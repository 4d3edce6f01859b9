-- questions to the team
-- "Ask the team": a citizen's question, the staff reply and its delivery back into the conversation. Personal data:
-- erased with the participant (by conversation_key or participant_key) and purged by retention (updated_at).
CREATE TABLE team_questions (
    id               uuid PRIMARY KEY,
    reference        text NOT NULL UNIQUE,
    text             text NOT NULL,
    language         text NOT NULL,
    channel          text NOT NULL,
    conversation_key text NOT NULL,
    participant_key  text,
    email            text,
    asked_at         timestamptz NOT NULL,
    status           text NOT NULL,
    assigned_to      text,
    reply            text,
    replied_by       text,
    replied_at       timestamptz,
    duplicate_of     text,
    delivery         text NOT NULL,
    delivery_at      timestamptz,
    follow_up        text NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          integer NOT NULL
);
CREATE INDEX ix_team_questions_status ON team_questions (status, asked_at);
CREATE INDEX ix_team_questions_conversation ON team_questions (conversation_key);
CREATE INDEX ix_team_questions_participant ON team_questions (participant_key);
CREATE INDEX ix_team_questions_delivery ON team_questions (delivery, replied_at);
-- Erasure and purges vacuum what they changed; dead rows of this personal table go soon, as with the others.
ALTER TABLE team_questions SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
