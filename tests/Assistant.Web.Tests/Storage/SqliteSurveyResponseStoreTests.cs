using Assistant.Web.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Tests.Storage;

/// <summary>The conformance suite over a real SQLite file (WAL, synchronous=FULL) in a temporary folder of its own.</summary>
public sealed class SqliteSurveyResponseStoreTests : SurveyResponseStoreConformance, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("assistant-surveys-").FullName;
    private SqliteDatabase _database = null!;

    private string ConnectionString(string file = "assistant.db") => $"Data Source={Path.Combine(_folder, file)}";

    public async ValueTask InitializeAsync() => _database = await OpenDatabaseAsync();

    public async ValueTask DisposeAsync()
    {
        await ClosePoolAsync(_database);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    protected override ISurveyResponseStore CreateStore() => new SqliteSurveyResponseStore(_database);

    [Fact]
    public async Task Responses_answers_and_consents_survive_closing_and_reopening_the_database()
    {
        var store = CreateStore();
        var completed = NewResponse(participantKey: "p-1", startedAt: T0);
        var anonymous = NewResponse(participantKey: null, startedAt: T0.AddMinutes(1));
        await store.StartAsync(completed, Ct);
        await store.StartAsync(anonymous, Ct);
        await store.SaveAnswerAsync(new SurveyAnswer(completed.Id, "mood", """{"option":"often"}""", T0.AddMinutes(1)), Ct);
        await store.SaveAnswerAsync(new SurveyAnswer(completed.Id, "mood", """{"option":"rarely"}""", T0.AddMinutes(2)), Ct);
        await store.SaveAnswerAsync(new SurveyAnswer(completed.Id, "note", """{"text":"Всичко е наред 👍"}""", T0.AddMinutes(3)), Ct);
        await store.SaveAnswerAsync(new SurveyAnswer(anonymous.Id, "mood", """{"value":4}""", T0.AddMinutes(4)), Ct);
        await store.FinishAsync(completed.Id, ResponseStatus.Completed, T0.AddMinutes(5), Ct);
        var consent = new ConsentRecord("p-1", "wellbeing", 2, "webchat", T0);
        await store.RecordConsentAsync(consent, Ct);

        // Close every pooled connection to the file, then open it as a fresh process would (migrating again is a no-op).
        await ClosePoolAsync(_database);
        _database = await OpenDatabaseAsync();
        var reopened = CreateStore();

        Assert.Equal(completed with { Status = ResponseStatus.Completed, CompletedAt = T0.AddMinutes(5) },
            await reopened.GetAsync(completed.Id, Ct));
        Assert.Equal(anonymous, await reopened.GetAsync(anonymous.Id, Ct));
        Assert.Equal([completed.Id], (await reopened.FindByParticipantAsync("wellbeing", "p-1", Ct)).Select(r => r.Id));
        var answers = await reopened.GetAnswersAsync(completed.Id, Ct);
        Assert.Equal(2, answers.Count);
        AssertAnswer(new SurveyAnswer(completed.Id, "mood", """{"option":"rarely"}""", T0.AddMinutes(2)), answers[0]);
        AssertAnswer(new SurveyAnswer(completed.Id, "note", """{"text":"Всичко е наред 👍"}""", T0.AddMinutes(3)), answers[1]);
        AssertAnswer(new SurveyAnswer(anonymous.Id, "mood", """{"value":4}""", T0.AddMinutes(4)),
            Assert.Single(await reopened.GetAnswersAsync(anonymous.Id, Ct)));
        Assert.Equal([consent], await reopened.GetConsentsAsync("p-1", Ct));

        // And it goes on: the reopened file still replaces an answer in place.
        await reopened.SaveAnswerAsync(new SurveyAnswer(anonymous.Id, "mood", """{"value":2}""", T0.AddMinutes(6)), Ct);
        AssertAnswer(new SurveyAnswer(anonymous.Id, "mood", """{"value":2}""", T0.AddMinutes(6)),
            Assert.Single(await reopened.GetAnswersAsync(anonymous.Id, Ct)));
    }

    [Fact]
    public async Task After_two_hundred_parallel_saves_the_file_passes_integrity_check()
    {
        await SaveConcurrentlyAsync(CreateStore(), 200);

        await using var connection = await _database.OpenAsync(Ct);
        Assert.Equal(["ok"], await QueryTextAsync(connection, "PRAGMA integrity_check;"));
        Assert.Empty(await QueryTextAsync(connection, "PRAGMA foreign_key_check;"));
    }

    [Fact]
    public async Task A_file_at_version_two_gains_the_survey_tables_and_keeps_its_data()
    {
        // Another file, brought only to version 2, as databases deployed before the surveys are.
        await ClosePoolAsync(_database);
        _database = new SqliteDatabase(ConnectionString("version2.db"));
        await using (var connection = await _database.OpenAsync(Ct))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = SqliteMigrations.All[0] + SqliteMigrations.All[1] + """
                INSERT INTO unanswered_questions (id, text, language, channel, asked_at, candidates)
                VALUES ('q', 'Къде е залата?', 'bg', 'webchat', '2025-03-01T09:00:00.0000000+00:00', '[]');
                PRAGMA user_version = 2;
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }

        await _database.MigrateAsync(Ct);

        var store = CreateStore();
        var response = NewResponse();
        await store.StartAsync(response, Ct);
        Assert.Equal(response, await store.GetAsync(response.Id, Ct));
        await using var check = await _database.OpenAsync(Ct);
        Assert.Equal(["Къде е залата?"], await QueryTextAsync(check, "SELECT text FROM unanswered_questions;"));
        Assert.Equal([SqliteMigrations.All.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            await QueryTextAsync(check, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_participants_responses_are_found_from_their_own_index_entries_however_many_others_answered()
    {
        var store = CreateStore();
        for (var i = 0; i < 300; i++)
        {
            await store.StartAsync(NewResponse(participantKey: $"other-{i}", startedAt: T0.AddSeconds(i)), Ct);
        }

        var older = NewResponse(participantKey: "p-7", startedAt: T0.AddMinutes(1));
        var newer = NewResponse(participantKey: "p-7", startedAt: T0.AddMinutes(2));
        await store.StartAsync(older, Ct);
        await store.StartAsync(newer, Ct);
        Assert.Equal([newer.Id, older.Id], (await store.FindByParticipantAsync("wellbeing", "p-7", Ct)).Select(r => r.Id));

        // Asked each time a participant starts a survey: the plan must seek their entries, never walk the survey's responses.
        await using var check = await _database.OpenAsync(Ct);
        await using var explain = check.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteSurveyResponseStore.FindByParticipantSql;
        explain.Parameters.AddWithValue("$survey", "wellbeing");
        explain.Parameters.AddWithValue("$participant", "p-7");
        var steps = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                steps.Add(reader.GetString(3));
            }
        }

        var plan = string.Join(" | ", steps);
        Assert.Contains("USING INDEX ix_survey_responses_participant (survey_id=? AND participant_key=?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    private async Task<SqliteDatabase> OpenDatabaseAsync()
    {
        var database = new SqliteDatabase(ConnectionString());
        await database.MigrateAsync(Ct);
        return database;
    }

    /// <summary>Closes the writer's connection and this file's pooled ones (only this file's: other tests run alongside).</summary>
    private static async Task ClosePoolAsync(SqliteDatabase database)
    {
        await database.DisposeAsync();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        SqliteConnection.ClearPool(connection);
    }

    private static async Task<List<string>> QueryTextAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return rows;
    }
}
