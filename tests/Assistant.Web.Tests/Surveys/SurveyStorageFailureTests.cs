using System.Text.Json.Nodes;
using Assistant.Web.Channels.DirectLine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Surveys;

public sealed class SurveyStorageFailureTests
{
    private const string NotSaved = "Нещо се обърка при запазването на отговора Ви. Моля, опитайте отново след малко.";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Over_Direct_Line_an_answer_the_database_fails_to_save_keeps_its_question_and_is_stored_once_when_sent_again()
    {
        var failing = new FailingAnswerWrites();
        var database = AssistantServer.NewDatabasePath();
        string failedId;
        await using (var server = AssistantServer.Start(database, services: failing.Register))
        {
            var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
            var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
            watermark = await dl.SayAsync("/survey workshop-feedback", "Съгласни ли сте", watermark, Ct);
            watermark = await dl.SayAsync("Съгласен/на съм", "Въпрос 1 от", watermark, Ct);

            // One failure is tried again at once: the participant notices nothing.
            failing.Next(1);
            watermark = await dl.SayAsync("5", "Въпрос 2 от", watermark, Ct);

            // Failing for the whole turn: "try again", and the same question asked again with its buttons.
            failing.Next(TurnProcessor.StorageAttempts);
            var callsBefore = failing.Calls;
            failedId = await dl.PostMessageAsync("4", Ct);
            var (all, next) = await dl.PollUntilAsync(
                a => (string?)a["replyToId"] == failedId && DirectLineClient.TextOf(a).StartsWith("Въпрос 2 от", StringComparison.Ordinal), Ct, watermark);
            var replies = all.OfType<JsonNode>().Where(a => (string?)a["replyToId"] == failedId).ToList();
            Assert.Equal(2, replies.Count);
            Assert.Equal(NotSaved, DirectLineClient.TextOf(replies[0]));
            Assert.Equal(5, replies[1]["suggestedActions"]!["actions"]!.AsArray().Count);   // the 1–5 scale again

            // The activity was handled once: no retry loop in the runner, nothing left to resume.
            await server.Services.GetRequiredService<DirectLineTurnRunner>().WaitIdleAsync(Ct);
            await Task.Delay(300, Ct);
            Assert.Equal(callsBefore + TurnProcessor.StorageAttempts, failing.Calls);
            Assert.Empty(await server.Services.GetRequiredService<IActivityLogStore>().GetConversationsWithUnhandledAsync(Ct));

            await dl.SayAsync("4", "Въпрос 3 от", next, Ct);
        }

        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync(Ct);
        Assert.Equal(["overall-rating|{\"value\":5}", "usefulness|{\"value\":4}"],
            await ColumnAsync(connection, "SELECT question_id || '|' || value_json FROM survey_answers ORDER BY answered_at"));
        Assert.Equal(["0"], await ColumnAsync(connection, "SELECT COUNT(*) FROM unanswered_questions"));
        // Nothing of the failed turn in the transcript: neither the message nor the replies to it.
        Assert.Equal(["0"], await ColumnAsync(connection,
            "SELECT COUNT(*) FROM transcripts WHERE activity_id = $id OR instr(json, $id) > 0 OR instr(json, 'запазването') > 0", failedId));
    }

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql, string? id = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
