using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Assistant.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Knowledge;

public sealed class KnowledgeApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Bulgarian_question_returns_the_entry_its_answer_and_suggestions()
    {
        await using var server = AssistantServer.Start();

        var body = await AskAsync(server, new { text = "Какво е Intelligent Cities Challenge?", locale = (string?)null });

        Assert.Equal("icc-overview", (string?)body["id"]);
        Assert.Equal("bg", (string?)body["locale"]);
        Assert.InRange((double)body["score"]!, 0.6, 1.0);
        Assert.Contains("Европейската комисия", (string?)body["answer"], StringComparison.Ordinal);
        Assert.InRange(body["suggestions"]!.AsArray().Count, 1, 3);
        Assert.All(body["suggestions"]!.AsArray(), s => Assert.False(string.IsNullOrEmpty((string?)s!["question"])));
    }

    [Fact]
    public async Task Latin_script_Bulgarian_is_understood_and_the_locale_picks_the_answer_language()
    {
        await using var server = AssistantServer.Start();

        var bulgarian = await AskAsync(server, new { text = "koga e prieta strategiqta za digitalna transformaciq", locale = (string?)null });
        var english = await AskAsync(server, new { text = "koga e prieta strategiqta za digitalna transformaciq", locale = "en" });

        Assert.Equal("bg", (string?)bulgarian["locale"]);
        Assert.Equal("strategy-approval", (string?)bulgarian["id"]);
        Assert.Equal("en", (string?)english["locale"]);
        Assert.Equal("strategy-approval", (string?)english["id"]);
        Assert.DoesNotMatch("\\p{IsCyrillic}", (string?)english["answer"]!);
    }

    [Fact]
    public async Task An_out_of_scope_question_has_a_null_id_and_is_not_recorded_as_unanswered()
    {
        await using var server = AssistantServer.Start();

        var body = await AskAsync(server, new { text = "Who won the football match yesterday?", locale = "en" });

        Assert.Null((string?)body["id"]);
        Assert.Null((string?)body["answer"]);
        Assert.InRange((double)body["score"]!, 0, 0.6);
        var unanswered = server.Services.GetRequiredService<IUnansweredStore>();
        Assert.Empty(await unanswered.ListAsync(10, Ct));
    }

    [Theory]
    [InlineData("{\"text\": ", 400)]
    [InlineData("{\"locale\": \"bg\"}", 400)]
    [InlineData("{\"text\": \"   \"}", 400)]
    public async Task Bad_requests_get_a_clear_error(string json, int status)
    {
        await using var server = AssistantServer.Start();

        var response = await server.NewClient().PostAsync("/api/knowledge/ask", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.False(string.IsNullOrEmpty((string?)error["error"]!["message"]));
    }

    [Fact]
    public async Task The_ask_endpoint_is_rate_limited()
    {
        await using var server = AssistantServer.Start(settings: new() { ["RateLimits:KnowledgeAskPerMinute"] = "2" });
        var http = server.NewClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var response = await http.PostAsJsonAsync("/api/knowledge/ask", new { text = "ICC" }, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task An_unanswered_chat_question_lands_in_the_SQLite_file()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);

        var id = await dl.PostMessageAsync("Колко струва билетът за метрото?", Ct);
        await dl.PollUntilAsync(a => (string?)a["replyToId"] == id, Ct);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT text, language, channel, candidates FROM unanswered_questions";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal("Колко струва билетът за метрото?", reader.GetString(0));
        Assert.Equal("bg", reader.GetString(1));
        Assert.Equal("directline", reader.GetString(2));
        Assert.StartsWith("[", reader.GetString(3), StringComparison.Ordinal);
        Assert.False(await reader.ReadAsync(Ct));
    }

    private static async Task<JsonObject> AskAsync(AssistantServer server, object request)
    {
        var response = await server.NewClient().PostAsJsonAsync("/api/knowledge/ask", request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }
}
