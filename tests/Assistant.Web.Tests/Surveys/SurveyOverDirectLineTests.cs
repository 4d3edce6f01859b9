using Microsoft.Data.Sqlite;

namespace Assistant.Web.Tests.Surveys;

public sealed class SurveyOverDirectLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stakeholder_completes_a_survey_in_English_with_an_interruption_and_a_restart_and_every_answer_is_stored_once()
    {
        var database = AssistantServer.NewDatabasePath();
        DirectLineClient dl;
        string watermark;
        await using (var first = AssistantServer.Start(database))
        {
            dl = await DirectLineClient.StartAsync(first.NewClient(), Ct);
            (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
            watermark = await dl.SayAsync("English please", "we continue in English", watermark, Ct);
            watermark = await dl.SayAsync("/survey workshop-feedback", "Do you agree", watermark, Ct);
            watermark = await dl.SayAsync("I agree", "Question 1 of", watermark, Ct);
            watermark = await dl.SayAsync("5", "Question 2 of", watermark, Ct);
            watermark = await dl.SayAsync("help", "skip", watermark, Ct);
        }

        await using (var second = AssistantServer.Start(database))
        {
            var resumed = new DirectLineClient(second.NewClient()) { Token = dl.Token, ConversationId = dl.ConversationId };
            watermark = await resumed.SayAsync("4", "Question 3 of", watermark, Ct);
            watermark = await resumed.SayAsync("More time for <discussion> & fewer slides", "Question 4 of", watermark, Ct);
            watermark = await resumed.SayAsync("Yes", "Question 5 of", watermark, Ct);
            watermark = await resumed.SayAsync("hybrid", "Question 6 of", watermark, Ct);
            await resumed.SayAsync("NGO / civil society", "Thank you", watermark, Ct);
        }

        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r.status, r.participant_key IS NULL, a.question_id, a.value_json
            FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id ORDER BY a.answered_at
            """;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(string Status, bool Anonymous, string Question, string Value)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetString(3)));
        }

        Assert.All(rows, r => Assert.Equal(("completed", true), (r.Status, r.Anonymous)));
        Assert.Equal(["overall-rating", "usefulness", "improve", "join-again", "preferred-format", "organisation-type"], rows.Select(r => r.Question));
        Assert.Equal("""{"text":"More time for <discussion> & fewer slides"}""", rows[2].Value);
        Assert.Equal("""{"option":"ngo"}""", rows[5].Value);
    }
}
