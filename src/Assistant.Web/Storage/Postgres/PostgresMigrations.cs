using Assistant.Web.Storage.Postgres.Migrations;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema, one numbered step per file in <c>Migrations/</c>, in step with the SQLite ones. Never edit a
/// step that has shipped; add a new one with the next number and list it here.
/// </summary>
public static class PostgresMigrations
{
    public sealed record Migration(int Version, string Description, string Sql);

    public static readonly IReadOnlyList<Migration> All = Ordered(
    [
        new(Migration001Conversations.Version, Migration001Conversations.Description, Migration001Conversations.Sql),
        new(Migration002Unanswered.Version, Migration002Unanswered.Description, Migration002Unanswered.Sql),
        new(Migration003Surveys.Version, Migration003Surveys.Description, Migration003Surveys.Sql),
        new(Migration004ProcessedUpdates.Version, Migration004ProcessedUpdates.Description, Migration004ProcessedUpdates.Sql),
        new(Migration005Admin.Version, Migration005Admin.Description, Migration005Admin.Sql),
        new(Migration006Participants.Version, Migration006Participants.Description, Migration006Participants.Sql),
        new(Migration007KnowledgeFeedback.Version, Migration007KnowledgeFeedback.Description, Migration007KnowledgeFeedback.Sql),
    ]);

    private static List<Migration> Ordered(IEnumerable<Migration> steps)
    {
        var ordered = steps.OrderBy(s => s.Version).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL migrations must be numbered 1, 2, 3… without gaps; found {ordered[i].Version} at position {i + 1}.");
            }
        }

        return ordered;
    }
}
