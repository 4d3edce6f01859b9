-- State documents, Direct Line conversations and activity logs, transcripts.
CREATE TABLE state (
    key        TEXT PRIMARY KEY,
    etag       TEXT NOT NULL,
    json       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE dl_conversations (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    locale     TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE dl_activities (
    conversation_id    TEXT NOT NULL REFERENCES dl_conversations(id) ON DELETE CASCADE,
    seq                INTEGER NOT NULL,
    timestamp_ms       INTEGER NOT NULL,
    inbound            INTEGER NOT NULL,
    handled            INTEGER NOT NULL DEFAULT 0,
    client_activity_id TEXT,
    json               TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX ux_dl_activities_client_id ON dl_activities (conversation_id, client_activity_id)
    WHERE client_activity_id IS NOT NULL;
CREATE INDEX ix_dl_activities_unhandled ON dl_activities (conversation_id) WHERE inbound = 1 AND handled = 0;
CREATE TABLE transcripts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_key TEXT NOT NULL,
    direction        TEXT NOT NULL,
    activity_id      TEXT,
    timestamp        TEXT NOT NULL,
    json             TEXT NOT NULL
);
CREATE INDEX ix_transcripts_conversation ON transcripts (conversation_key, id);
