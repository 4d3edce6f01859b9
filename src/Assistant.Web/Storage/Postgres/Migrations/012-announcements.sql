-- announcements to a topic's subscribers and their outbox
-- An announcement: the staff's text in both languages, the topic whose subscribers receive it, an optional survey its
-- button starts, and when it goes. Nothing personal.
CREATE TABLE announcements (
    id          uuid PRIMARY KEY,
    topic       text NOT NULL,
    text_bg     text NOT NULL,
    text_en     text NOT NULL,
    survey_id   text,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL,
    send_at     timestamptz NOT NULL,
    state       text NOT NULL CHECK (state IN ('scheduled', 'sending', 'done'))
);
CREATE INDEX ix_announcements_due ON announcements (state, send_at);
-- One row per recipient: the outbox. A row is claimed (sending) before its message goes, so nobody gets it twice.
-- Personal (who subscribed and where they are reached): erased by /forget.
CREATE TABLE announcement_recipients (
    announcement_id uuid NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    participant_key text NOT NULL,
    channel         text NOT NULL,
    address         text NOT NULL,
    language        text NOT NULL,
    state           text NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'blocked')),
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (announcement_id, participant_key)
);
CREATE INDEX ix_announcement_recipients_state ON announcement_recipients (state, updated_at);
CREATE INDEX ix_announcement_recipients_participant ON announcement_recipients (participant_key);
ALTER TABLE announcement_recipients SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
