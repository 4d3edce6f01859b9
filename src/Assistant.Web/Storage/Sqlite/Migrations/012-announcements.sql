-- announcements to a topic's subscribers and their outbox
-- An announcement: the staff's text in both languages, the topic whose subscribers receive it, an optional survey its
-- button starts, and when it goes. Nothing personal.
CREATE TABLE announcements (
    id          TEXT NOT NULL PRIMARY KEY,
    topic       TEXT NOT NULL,
    text_bg     TEXT NOT NULL,
    text_en     TEXT NOT NULL,
    survey_id   TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    send_at     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('scheduled', 'sending', 'done'))
) WITHOUT ROWID;
CREATE INDEX ix_announcements_due ON announcements (state, send_at);
-- One row per recipient: the outbox. A row is claimed (sending) before its message goes, so nobody gets it twice.
-- Personal (who subscribed and where they are reached): erased by /forget.
CREATE TABLE announcement_recipients (
    announcement_id TEXT NOT NULL,
    participant_key TEXT NOT NULL,
    channel         TEXT NOT NULL,
    address         TEXT NOT NULL,
    language        TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'blocked')),
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (announcement_id, participant_key)
) WITHOUT ROWID;
CREATE INDEX ix_announcement_recipients_state ON announcement_recipients (state, updated_at);
CREATE INDEX ix_announcement_recipients_participant ON announcement_recipients (participant_key);
