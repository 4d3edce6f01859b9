-- conversations, activity logs, state, transcripts
-- State documents, Direct Line conversations and activity logs, transcripts. The conversation row carries the last
-- sequence number and timestamp of its log: appends lock that row, so numbers and times are assigned in one order
-- across every instance, and a reader never sees a later number committed before an earlier one.
CREATE TABLE state (
    key        text PRIMARY KEY,
    etag       text NOT NULL,
    json       text NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE TABLE dl_conversations (
    id                text PRIMARY KEY,
    user_id           text NOT NULL,
    locale            text,
    created_at        timestamptz NOT NULL,
    last_seq          bigint NOT NULL DEFAULT 0,
    last_timestamp_ms bigint NOT NULL DEFAULT 0
);
CREATE TABLE dl_activities (
    conversation_id    text NOT NULL REFERENCES dl_conversations(id) ON DELETE CASCADE,
    seq                bigint NOT NULL,
    timestamp_ms       bigint NOT NULL,
    inbound            boolean NOT NULL,
    handled            boolean NOT NULL DEFAULT false,
    client_activity_id text,
    json               text NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
CREATE UNIQUE INDEX ux_dl_activities_client_id ON dl_activities (conversation_id, client_activity_id)
    WHERE client_activity_id IS NOT NULL;
CREATE INDEX ix_dl_activities_unhandled ON dl_activities (conversation_id, seq) WHERE inbound AND NOT handled;
CREATE INDEX ix_dl_activities_time ON dl_activities (timestamp_ms);
CREATE TABLE transcripts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_key text NOT NULL,
    direction        text NOT NULL,
    activity_id      text,
    timestamp        timestamptz NOT NULL,
    json             text NOT NULL
);
CREATE INDEX ix_transcripts_conversation ON transcripts (conversation_key, id);
