namespace Assistant.Web.Storage.Sqlite;

/// <summary>The schema, one numbered step at a time. Never edit a step that has shipped; add a new one.</summary>
public static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> All =
    [
        // 1: state documents, Direct Line conversations and activity logs, transcripts.
        """
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
        """,

        // 2: questions the knowledge base could not answer, for the staff desk.
        """
        CREATE TABLE unanswered_questions (
            id         TEXT PRIMARY KEY,
            text       TEXT NOT NULL,
            language   TEXT NOT NULL,
            channel    TEXT NOT NULL,
            asked_at   TEXT NOT NULL,
            candidates TEXT NOT NULL
        );
        CREATE INDEX ix_unanswered_asked_at ON unanswered_questions (asked_at);
        """,
    ];
}
