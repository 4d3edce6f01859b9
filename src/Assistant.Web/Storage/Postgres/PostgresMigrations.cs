namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema, one numbered step per file in <c>Migrations/</c>, in step with the SQLite ones
/// (<see cref="SqlMigrations"/>).
/// </summary>
public static class PostgresMigrations
{
    public static readonly IReadOnlyList<SqlMigration> All = SqlMigrations.Load("postgres");
}
