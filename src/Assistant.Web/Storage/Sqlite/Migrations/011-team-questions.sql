-- questions to the team
-- "Ask the team": a citizen's question, the staff reply and its delivery back into the conversation. Personal data:
-- erased with the participant (by conversation_key or participant_key) and purged by retention (updated_at).
CREATE TABLE team_questions (
    id               TEXT PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    text             TEXT NOT NULL,
    language         TEXT NOT NULL,
    channel          TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    participant_key  TEXT,
    email            TEXT,
    asked_at         TEXT NOT NULL,
    status           TEXT NOT NULL,
    assigned_to      TEXT,
    reply            TEXT,
    replied_by       TEXT,
    replied_at       TEXT,
    duplicate_of     TEXT,
    delivery         TEXT NOT NULL,
    delivery_at      TEXT,
    follow_up        TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL
);
CREATE INDEX ix_team_questions_status ON team_questions (status, asked_at);
CREATE INDEX ix_team_questions_conversation ON team_questions (conversation_key);
CREATE INDEX ix_team_questions_participant ON team_questions (participant_key);
CREATE INDEX ix_team_questions_delivery ON team_questions (delivery, replied_at);
