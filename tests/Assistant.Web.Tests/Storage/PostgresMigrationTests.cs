using Assistant.Web.Storage.Postgres;
using Npgsql;

namespace Assistant.Web.Tests.Storage;

public sealed class PostgresMigrationTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Four_instances_migrating_a_new_database_at_once_apply_every_step_exactly_once()
    {
        var connectionString = await cluster.CreateDatabaseAsync("migrate_race");
        var databases = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(connectionString)).ToList();
        try
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var runs = databases.Select(d => Task.Run(async () =>
            {
                await gate.Task;
                return await d.MigrateAsync(Ct);
            }, Ct)).ToList();
            gate.SetResult();

            Assert.All(await Task.WhenAll(runs), v => Assert.Equal(PostgresMigrations.All.Count, v));
            Assert.Equal(Enumerable.Range(1, PostgresMigrations.All.Count).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                await QueryAsync(connectionString, "SELECT version FROM schema_version ORDER BY version"));
            Assert.Equal(PostgresMigrations.All.Count, await databases[0].SchemaVersionAsync(Ct));
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_database_at_version_two_gains_the_later_steps_and_keeps_its_data()
    {
        var connectionString = await cluster.CreateDatabaseAsync("migrate_upgrade");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(
                "CREATE TABLE schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());" +
                PostgresMigrations.All[0].Sql + PostgresMigrations.All[1].Sql + """
                INSERT INTO schema_version (version, description) VALUES (1, 'one'), (2, 'two');
                INSERT INTO unanswered_questions (id, text, language, channel, asked_at, candidates)
                VALUES (gen_random_uuid(), 'Къде е залата?', 'bg', 'webchat', now(), '[]');
                """, connection);
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var database = new PostgresDatabase(connectionString);
        Assert.Equal(2, await database.SchemaVersionAsync(Ct));

        Assert.Equal(PostgresMigrations.All.Count, await database.MigrateAsync(Ct));
        Assert.Equal(PostgresMigrations.All.Count, await database.MigrateAsync(Ct));

        Assert.Equal(["Къде е залата?"], await QueryAsync(connectionString, "SELECT text FROM unanswered_questions"));
        Assert.Equal(["0"], await QueryAsync(connectionString, "SELECT count(*) FROM survey_answers"));
    }

    [Fact]
    public async Task A_new_database_reports_version_zero_until_migrated()
    {
        var connectionString = await cluster.CreateDatabaseAsync("migrate_new");
        await using var database = new PostgresDatabase(connectionString);

        Assert.Equal(0, await database.SchemaVersionAsync(Ct));
        await database.MigrateAsync(Ct);
        Assert.Equal(PostgresMigrations.All.Count, await database.SchemaVersionAsync(Ct));
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return rows;
    }
}
