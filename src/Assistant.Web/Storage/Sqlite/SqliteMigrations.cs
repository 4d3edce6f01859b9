namespace Assistant.Web.Storage.Sqlite;

/// <summary>The SQLite schema, one numbered step per file in <c>Migrations/</c> (<see cref="SqlMigrations"/>).</summary>
public static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> All = SqlMigrations.Load("sqlite").Select(m => m.Sql).ToList();
}
