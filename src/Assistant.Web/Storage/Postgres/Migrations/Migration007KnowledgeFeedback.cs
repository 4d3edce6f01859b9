namespace Assistant.Web.Storage.Postgres.Migrations;

/// <summary>"Was this helpful?" taps on knowledge answers: entry, content version and the vote, nothing personal.</summary>
internal static class Migration007KnowledgeFeedback
{
    public const int Version = 7;

    public const string Description = "knowledge answer feedback";

    public const string Sql = """
            CREATE TABLE knowledge_feedback (
                id              uuid PRIMARY KEY,
                entry_id        text NOT NULL,
                content_version text NOT NULL,
                helpful         boolean NOT NULL,
                language        text NOT NULL,
                channel         text NOT NULL,
                given_at        timestamptz NOT NULL
            );
            CREATE INDEX ix_knowledge_feedback_entry ON knowledge_feedback (entry_id, content_version);
        """;
}
