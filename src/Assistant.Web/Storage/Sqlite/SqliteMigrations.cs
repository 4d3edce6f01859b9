using Assistant.Web.Storage.Sqlite.Migrations;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// The schema, one numbered step per file in <c>Migrations/</c>. Never edit a step that has shipped; add a new one with
/// the next number and list it here.
/// </summary>
public static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> All = Ordered(
    [
        (Migration001Conversations.Version, Migration001Conversations.Sql),
        (Migration002Unanswered.Version, Migration002Unanswered.Sql),
        (Migration003Surveys.Version, Migration003Surveys.Sql),
        (Migration004Telegram.Version, Migration004Telegram.Sql),
        (Migration005Admin.Version, Migration005Admin.Sql),
        (Migration006Participants.Version, Migration006Participants.Sql),
        (Migration007KnowledgeFeedback.Version, Migration007KnowledgeFeedback.Sql),
    ]);

    private static List<string> Ordered(IEnumerable<(int Version, string Sql)> steps)
    {
        var ordered = steps.OrderBy(s => s.Version).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Version != i + 1)
            {
                throw new InvalidOperationException($"SQLite migrations must be numbered 1, 2, 3… without gaps; found {ordered[i].Version} at position {i + 1}.");
            }
        }

        return ordered.Select(s => s.Sql).ToList();
    }
}
