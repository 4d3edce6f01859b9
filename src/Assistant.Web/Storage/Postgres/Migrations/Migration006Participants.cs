namespace Assistant.Web.Storage.Postgres.Migrations;

/// <summary>
/// Which conversations belong to which participant, so their data can be shown and erased as a whole; unanswered questions
/// remember their conversation for the same reason.
/// </summary>
internal static class Migration006Participants
{
    public const int Version = 6;

    public const string Description = "participant links, conversation of unanswered questions";

    public const string Sql = """
            CREATE TABLE participant_links (
                participant_key  text NOT NULL,
                channel          text NOT NULL,
                conversation_id  text NOT NULL,
                conversation_key text NOT NULL,
                user_state_key   text,
                first_seen       timestamptz NOT NULL,
                PRIMARY KEY (participant_key, conversation_key)
            );
            CREATE INDEX ix_participant_links_conversation ON participant_links (conversation_key);
            ALTER TABLE unanswered_questions ADD COLUMN conversation_key text;
            CREATE INDEX ix_unanswered_conversation ON unanswered_questions (conversation_key);
        """;
}
