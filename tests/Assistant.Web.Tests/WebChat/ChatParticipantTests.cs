using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.WebChat;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.WebChat;

/// <summary>
/// The page's participant across visits: <c>POST /api/chat/token</c> with <c>"remember": true</c> binds the Direct Line
/// user to a Data Protection cookie, resumes the last conversation, starts a new one for the same participant on request,
/// and forgets the participant after <c>/forget</c>.
/// </summary>
public sealed class ChatParticipantTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_visit_sets_an_HttpOnly_Lax_cookie_and_the_next_one_resumes_the_conversation_as_the_same_user()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();

        var (first, firstResponse) = await TokenAsync(http, new { locale = "bg-BG", remember = true });
        var cookie = Assert.Single(firstResponse.Headers.GetValues("Set-Cookie"));
        var (second, _) = await TokenAsync(http, new { locale = "bg-BG", remember = true });

        Assert.StartsWith(WebParticipantCookie.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP here; Secure behind TLS
        Assert.Contains("max-age=15552000", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(UserOf(first), Uri.UnescapeDataString(cookie), StringComparison.Ordinal); // encrypted, not just signed
        Assert.False((bool)first["resumed"]!);
        Assert.True((bool)second["resumed"]!);
        Assert.Equal((string)first["conversationId"]!, (string)second["conversationId"]!);
        Assert.Equal(UserOf(first), UserOf(second));
    }

    [Fact]
    public async Task A_long_conversation_resumes_from_a_watermark_that_replays_only_its_recent_history()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();
        var (first, _) = await TokenAsync(http, new { locale = "bg-BG", remember = true });
        var conversationId = (string)first["conversationId"]!;
        // The welcome and a turn first, so nothing of the bot's own lands after the appended history.
        await Client(http, first).SayAsync("помощ", "", "", Ct);
        var (short_, _) = await TokenAsync(http, new { locale = "bg-BG", remember = true });
        var log = server.Services.GetRequiredService<IActivityLogStore>();
        await log.AppendOutboundAsync(conversationId,
            Enumerable.Range(1, 250).Select(i => new Activity { Type = ActivityTypes.Message, Text = $"m{i}" }).ToList(), Ct);

        var (resumed, _) = await TokenAsync(http, new { locale = "bg-BG", remember = true });
        var watermark = (string)resumed["watermark"]!;
        var dl = Client(http, resumed);
        var replay = await dl.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}", null, Ct);
        var activities = (await replay.Content.ReadFromJsonAsync<JsonObject>(Ct))!["activities"]!.AsArray();

        Assert.Null(short_["watermark"]); // a short conversation shows all of its history
        Assert.True((bool)resumed["resumed"]!);
        Assert.Equal(ChatTokenEndpoints.ResumedHistory, activities.Count);
        Assert.Equal("m250", (string)activities[^1]!["text"]!);
        Assert.Equal($"m{251 - ChatTokenEndpoints.ResumedHistory}", (string)activities[0]!["text"]!);
    }

    [Fact]
    public async Task A_return_visit_days_later_with_expired_tokens_continues_as_the_same_participant()
    {
        var clock = new ManualClock();
        await using var server = AssistantServer.Start(clock: clock);
        var http = server.NewClient();
        var (first, _) = await TokenAsync(http, new { locale = "bg-BG", remember = true });
        var dl = Client(http, first);
        await dl.SayAsync("помощ", "", "", Ct);

        clock.Advance(TimeSpan.FromDays(2));
        var refresh = await dl.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", null, Ct);
        var (next, _) = await TokenAsync(http, new { locale = "bg-BG", remember = true });
        var (fresh, _) = await TokenAsync(http, new { locale = "bg-BG", remember = true, newConversation = true });

        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
        Assert.True((bool)next["resumed"]!);
        Assert.Equal((string)first["conversationId"]!, (string)next["conversationId"]!);
        Assert.NotEqual((string)first["conversationId"]!, (string)fresh["conversationId"]!);
        Assert.Equal(UserOf(first), UserOf(fresh));

        // The new conversation belongs to the same participant: /mydata counts both conversations.
        var later = Client(http, fresh);
        await later.SayAsync("/mydata", "Разговори с асистента: 2", "", Ct);
    }

    [Fact]
    public async Task Without_remember_every_call_is_a_new_user_and_no_cookie_is_set()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();

        var (a, response) = await TokenAsync(http, new { locale = "bg-BG" });
        var (b, _) = await TokenAsync(http, new { locale = "bg-BG" });

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.NotEqual(UserOf(a), UserOf(b));
        Assert.NotEqual((string)a["conversationId"]!, (string)b["conversationId"]!);
    }

    [Fact]
    public async Task A_cookie_not_made_by_the_server_is_ignored()
    {
        await using var server = AssistantServer.Start();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server.BaseAddress };
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"u":"dl_victim","c":"abc"}"""));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/token")
        {
            Content = JsonContent.Create(new { locale = "bg-BG", remember = true }),
        };
        request.Headers.Add("Cookie", $"{WebParticipantCookie.CookieName}={forged}");

        var response = await http.SendAsync(request, Ct);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("dl_victim", UserOf(body));
        Assert.False((bool)body["resumed"]!);
    }

    [Fact]
    public async Task After_forget_the_reply_is_marked_the_cookie_is_cleared_and_the_old_cookie_makes_a_stranger()
    {
        await using var server = AssistantServer.Start();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server.BaseAddress };
        var issue = new HttpRequestMessage(HttpMethod.Post, "/api/chat/token") { Content = JsonContent.Create(new { remember = true }) };
        var issued = await http.SendAsync(issue, Ct);
        var cookie = issued.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var first = (await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var dl = Client(http, first);

        var mark = await dl.SayAsync("/forget", "Да изтрия ли", "", Ct);
        var id = await dl.PostMessageAsync("Да, изтрий всичко", Ct);
        var (all, _) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == id, Ct, mark);
        var done = all.First(a => (string?)a!["replyToId"] == id)!;
        var cleared = await http.PostAsync("/api/chat/forget", null, Ct);
        var again = new HttpRequestMessage(HttpMethod.Post, "/api/chat/token") { Content = JsonContent.Create(new { remember = true }) };
        again.Headers.Add("Cookie", cookie);
        var next = (await (await http.SendAsync(again, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.True((bool?)done["channelData"]?["assistant"]?["participantErased"]);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        var clearing = cleared.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith(WebParticipantCookie.CookieName + "=;", clearing, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", clearing, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(UserOf(first), UserOf(next));
        Assert.False((bool)next["resumed"]!);
    }

    [Theory]
    [InlineData("en-US,en;q=0.9", "en", "Hello!")]
    [InlineData("bg-BG,bg;q=0.9,en;q=0.5", "bg", "Здравейте!")]
    [InlineData("de-DE,de;q=0.9", "bg", "Здравейте!")]
    public async Task Without_a_locale_the_first_visit_follows_Accept_Language_with_Bulgarian_as_the_default(
        string acceptLanguage, string language, string greeting)
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/token") { Content = JsonContent.Create(new { remember = true }) };
        request.Headers.Add("Accept-Language", acceptLanguage);

        var body = (await (await http.SendAsync(request, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var (all, _) = await Client(http, body).PollUntilAsync(a => DirectLineClient.TextOf(a).Length > 0, Ct);

        Assert.Equal(language, (string)body["language"]!);
        Assert.StartsWith(greeting, DirectLineClient.TextOf(all[0]!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_chosen_on_the_page_is_remembered_for_the_next_conversation_and_reported_with_the_token()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();
        var (first, _) = await TokenAsync(http, new { locale = "bg-BG", remember = true });
        var dl = Client(http, first);
        var response = await dl.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{dl.ConversationId}/activities", new
        {
            type = "event",
            name = LanguageCommand.EventName,
            value = "en",
            from = new { id = "whoever", role = "user" },
        }, Ct);
        response.EnsureSuccessStatusCode();
        await dl.PollUntilAsync(a => DirectLineClient.TextOf(a).StartsWith("Hello!", StringComparison.Ordinal), Ct);

        var (next, _) = await TokenAsync(http, new { locale = "bg-BG", remember = true, newConversation = true });
        var (all, _) = await Client(http, next).PollUntilAsync(a => DirectLineClient.TextOf(a).Length > 0, Ct);

        Assert.Equal("en", (string)next["language"]!);
        Assert.StartsWith("Hello!", DirectLineClient.TextOf(all[0]!), StringComparison.Ordinal);
    }

    private static async Task<(JsonObject Body, HttpResponseMessage Response)> TokenAsync(HttpClient http, object body)
    {
        var response = await http.PostAsync("/api/chat/token", JsonContent.Create(body), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!, response);
    }

    private static DirectLineClient Client(HttpClient http, JsonObject token) =>
        new(http) { Token = (string)token["token"]!, ConversationId = (string)token["conversationId"]! };

    /// <summary>The <c>user</c> claim of a conversation token (what Web Chat reads as its user id).</summary>
    private static string UserOf(JsonObject token)
    {
        var payload = ((string)token["token"]!).Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return (string)JsonNode.Parse(Convert.FromBase64String(payload))!["user"]!;
    }
}
