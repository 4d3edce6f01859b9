using System.Net;
using Assistant.Web.Channels.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.DirectLine;

public sealed class RestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_restart_a_client_resumes_from_its_watermark_and_gets_exactly_what_it_missed()
    {
        var database = AssistantServer.NewDatabasePath();
        DirectLineClient dl;
        string watermark, missedId;
        await using (var before = AssistantServer.Start(database))
        {
            dl = await DirectLineClient.StartAsync(before.NewClient(), Ct);
            (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
            missedId = await dl.PostMessageAsync("помощ", Ct);
            await dl.PollUntilAsync(a => (string?)a["replyToId"] == missedId, Ct, watermark);
        }

        await using var after = AssistantServer.Start(database);
        var resumed = new DirectLineClient(after.NewClient()) { Token = dl.Token, ConversationId = dl.ConversationId };
        var reconnect = await resumed.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{dl.ConversationId}?watermark={watermark}", null, Ct);
        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);

        var (missed, _) = await resumed.GetActivitiesAsync(watermark, Ct);
        Assert.Equal(missedId, (string?)missed[0]!["id"]);
        Assert.All(missed.Skip(1), a => Assert.Equal(missedId, (string?)a!["replyToId"]));

        // And the conversation goes on where it was.
        var (_, latest) = await resumed.GetActivitiesAsync(null, Ct);
        var next = await resumed.PostMessageAsync("English", Ct);
        var (more, _) = await resumed.PollUntilAsync(a => (string?)a["replyToId"] == next, Ct, latest);
        Assert.Contains(more, a => DirectLineClient.TextOf(a!).Contains("we continue in English", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_turn_acknowledged_but_not_run_before_the_stop_runs_after_the_restart()
    {
        var database = AssistantServer.NewDatabasePath();
        DirectLineClient dl;
        string inboundId;
        await using (var before = AssistantServer.Start(database))
        {
            dl = await DirectLineClient.StartAsync(before.NewClient(), Ct);
            await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
            // Stored as the POST endpoint stores it, but the server stops before the turn runs.
            var log = before.Services.GetRequiredService<IActivityLogStore>();
            var appended = await log.AppendInboundAsync(dl.ConversationId!, new Activity
            {
                Type = ActivityTypes.Message,
                Text = "помощ",
                From = new ChannelAccount { Id = "dl_x", Role = "user" },
                ChannelId = "directline",
            }, Ct);
            inboundId = appended.Logged.Activity.Id!;
        }

        await using var after = AssistantServer.Start(database);
        var resumed = new DirectLineClient(after.NewClient()) { Token = dl.Token, ConversationId = dl.ConversationId };
        var (activities, _) = await resumed.PollUntilAsync(a => (string?)a["replyToId"] == inboundId, Ct);
        Assert.Single(activities, a => (string?)a!["replyToId"] == inboundId && DirectLineClient.TextOf(a).StartsWith("Ето как", StringComparison.Ordinal));
    }
}
