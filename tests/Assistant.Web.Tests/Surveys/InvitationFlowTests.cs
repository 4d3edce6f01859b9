using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Assistant.Web.Admin.Security;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Tests.Admin;
using Assistant.Web.Tests.Support;
using Assistant.Web.Tests.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Surveys;

/// <summary>
/// An invitation from the desk to the chat and back: an admin creates it, its Telegram deep link and its web link (the
/// page's invitation event over Direct Line) each start the survey, and the campaign shows in the CSV and the results.
/// </summary>
public sealed partial class InvitationFlowTests
{
    private const string Survey = "e-government-participation";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_deep_link_and_the_web_link_of_an_invitation_start_the_survey_and_the_campaign_is_in_the_CSV()
    {
        await using var telegram = TelegramTestServer.Start();
        var server = telegram.Server;
        await server.Services.GetRequiredService<TelegramBotProfile>().WaitReadyAsync(Ct);
        using var admin = await SignedInAdminAsync(server);

        await admin.GetAsync("/admin/invitations");
        using var created = await admin.PostAsync("/admin/invitations", ("survey", Survey), ("campaign", "poster-metro"), ("expires", ""), ("max", ""));
        var html = await created.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var deepLink = TelegramLink().Match(html);
        Assert.True(deepLink.Success, html);
        Assert.Equal(FakeBotApi.Username, deepLink.Groups["bot"].Value);
        var code = deepLink.Groups["code"].Value;
        Assert.InRange(code.Length, 1, 64);
        Assert.Contains($"{server.BaseAddress.ToString().TrimEnd('/')}/?i={code}", html, StringComparison.Ordinal);

        // Telegram: the deep link's /start, then consent.
        const long chat = 5101;
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/start " + code), Ct);
        await PressAsync(telegram, chat, "Съгласен/на съм");
        Assert.StartsWith("Въпрос 1 от", telegram.Api.MessagesTo(chat)[^1].Text, StringComparison.Ordinal);

        // Web: the page at the link loads, and its invitation event starts the survey.
        using var web = server.NewClient();
        using (var page = await web.GetAsync($"/?i={code}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        var directLine = await DirectLineClient.StartAsync(web, Ct);
        await PostInvitationEventAsync(directLine, code);
        var (_, mark) = await directLine.PollUntilAsync(a => HasButton(a, "Съгласен/на съм"), Ct);
        await directLine.SayAsync("Съгласен/на съм", "Въпрос 1 от", mark, Ct);

        using var export = await admin.DownloadAsync($"/api/admin/surveys/{Survey}/export?format=csv");
        var bytes = await export.Content.ReadAsByteArrayAsync(Ct);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var campaign = rows[0].IndexOf("campaign");
        var channel = rows[0].IndexOf("channel");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["directline", "telegram"], rows.Skip(1).Select(r => r[channel]).Order());
        Assert.All(rows.Skip(1), r => Assert.Equal("poster-metro", r[campaign]));

        using var json = await admin.DownloadAsync($"/api/admin/surveys/{Survey}/export?format=json&campaign=poster-metro");
        var exported = JsonNode.Parse(await json.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("poster-metro", (string?)exported["filters"]!["campaign"]);
        Assert.Equal(["poster-metro", "poster-metro"], exported["responses"]!.AsArray().Select(r => (string?)r!["campaign"]));
        using var other = await admin.DownloadAsync($"/api/admin/surveys/{Survey}/export?format=json&campaign=newsletter-dec");
        Assert.Empty(JsonNode.Parse(await other.Content.ReadAsStringAsync(Ct))!["responses"]!.AsArray());

        var filtered = await admin.HtmlAsync($"/admin/surveys/{Survey}?campaign=poster-metro");
        Assert.Contains("<option value=\"poster-metro\" selected>poster-metro</option>", filtered, StringComparison.Ordinal);
        Assert.Matches(@"poster-metro</a></td>\s*<td class=""num"">2</td>", filtered);
        var none = await admin.HtmlAsync($"/admin/surveys/{Survey}/responses?campaign=newsletter-dec");
        Assert.Contains("poster-metro", none, StringComparison.Ordinal);   // offered in the filter
        Assert.DoesNotContain("<td>poster-metro</td>", none, StringComparison.Ordinal);   // but no response row of it
    }

    [Fact]
    public async Task A_tampered_web_link_gets_the_friendly_message_over_direct_line()
    {
        await using var server = AssistantServer.Start(settings: new() { ["Telegram:Token"] = "" });
        using var admin = await SignedInAdminAsync(server);
        await admin.GetAsync("/admin/invitations");
        using var created = await admin.PostAsync("/admin/invitations", ("survey", Survey), ("campaign", "flyer"), ("expires", ""), ("max", ""));
        var html = await created.Content.ReadAsStringAsync(Ct);
        var code = WebLink().Match(html).Groups["code"].Value;
        Assert.Equal(28, code.Length);
        Assert.Contains("Telegram не е включен", html, StringComparison.Ordinal);
        var tampered = code[..^1] + (code[^1] == 'x' ? 'y' : 'x');

        using var web = server.NewClient();
        var directLine = await DirectLineClient.StartAsync(web, Ct);
        await PostInvitationEventAsync(directLine, tampered);

        await directLine.PollUntilAsync(a => DirectLineClient.TextOf(a).Contains("Тази покана не е валидна", StringComparison.Ordinal), Ct);
    }

    private static async Task<AdminClient> SignedInAdminAsync(AssistantServer server)
    {
        var change = await server.Services.GetRequiredService<StaffAccounts>()
            .CreateAsync(AdminHost.AdminName, StaffRoles.Admin, AdminHost.AdminPassword, "test", Ct);
        Assert.True(change.Succeeded, change.Error);
        var jar = new CookieJar { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false } };
        var client = new AdminClient(new HttpClient(jar) { BaseAddress = server.BaseAddress }, jar);
        using var signIn = await client.SignInAsync(AdminHost.AdminName, AdminHost.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static async Task PostInvitationEventAsync(DirectLineClient directLine, string code)
    {
        using var response = await directLine.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{directLine.ConversationId}/activities",
            new { type = "event", name = "assistant.invitation", value = code, from = new { id = "whoever", role = "user" }, locale = "bg-BG" }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static bool HasButton(JsonNode activity, string title) =>
        activity["suggestedActions"]?["actions"]?.AsArray().Any(b => (string?)b?["title"] == title) == true;

    private static async Task PressAsync(TelegramTestServer telegram, long chat, string title)
    {
        var message = telegram.Api.MessagesTo(chat)[^1];
        var data = message.CallbackData(title) ?? throw new InvalidOperationException($"No button \"{title}\" in: {message.Text}");
        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, message.MessageId!.Value, data), Ct);
    }

    [GeneratedRegex(@"https://t\.me/(?<bot>[A-Za-z0-9_]+)\?start=(?<code>[A-Za-z0-9_-]+)")]
    private static partial Regex TelegramLink();

    [GeneratedRegex(@"/\?i=(?<code>[A-Za-z0-9_-]+)")]
    private static partial Regex WebLink();
}
