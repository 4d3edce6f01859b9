using Microsoft.Data.Sqlite;

namespace Assistant.Web.Tests.Surveys;

public sealed class SurveyCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_server_killed_mid_survey_continues_at_the_same_question_with_no_answer_lost_or_doubled()
    {
        var database = AssistantServer.NewDatabasePath();
        var port = AssistantServer.FreePort();
        DirectLineClient dl;
        string watermark;
        await using (var first = await ServerProcess.StartAsync(database, port, Ct))
        {
            dl = await DirectLineClient.StartAsync(new HttpClient { BaseAddress = first.BaseAddress }, Ct);
            (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
            watermark = await dl.SayAsync("/survey e-government-participation", "Съгласни ли сте", watermark, Ct);
            watermark = await dl.SayAsync("Съгласен/на съм", "Въпрос 1 от", watermark, Ct);
            watermark = await dl.SayAsync("Поне веднъж месечно", "Въпрос 2 от", watermark, Ct);
            watermark = await dl.SayAsync("4", "Въпрос 3 от", watermark, Ct);
            first.Kill();
        }

        await using (var second = await ServerProcess.StartAsync(database, port, Ct))
        {
            var resumed = new DirectLineClient(new HttpClient { BaseAddress = second.BaseAddress }) { Token = dl.Token, ConversationId = dl.ConversationId };
            // Question 3 was the last one asked: the multi-choice obstacles. It is still the question being answered.
            watermark = await resumed.SayAsync("Бавна обработка и отговор", "Избрано: Бавна обработка и отговор", watermark, Ct);
            await resumed.SayAsync("Готово", "Въпрос 4 от", watermark, Ct);
        }

        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync(Ct);
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string?)await check.ExecuteScalarAsync(Ct));
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT question_id, COUNT(*) FROM survey_answers GROUP BY question_id ORDER BY question_id";
        await using var reader = await count.ExecuteReaderAsync(Ct);
        var answers = new List<(string, long)>();
        while (await reader.ReadAsync(Ct))
        {
            answers.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        Assert.Equal([("e-services-use", 1L), ("obstacles", 1L), ("satisfaction", 1L)], answers);
    }
}
