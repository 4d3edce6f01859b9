using System.Net;

namespace Assistant.Web.Tests.Telegram;

/// <summary>An update Telegram should never send, but a proxy or a bug might: answered 200 and ignored, never a 500 loop.</summary>
public sealed class TelegramMalformedUpdateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("message")]
    [InlineData("edited_message")]
    public async Task A_message_without_a_chat_is_acknowledged_and_ignored(string kind)
    {
        await using var telegram = TelegramTestServer.Start(webhook: true);
        var update = BotApiUpdates.Text(7101, 7101, "Какво е ICC?");
        if (kind != "message")
        {
            update[kind] = update["message"]!.DeepClone();
            update.Remove("message");
        }

        update[kind]!.AsObject().Remove("chat");

        var response = await telegram.PostWebhookAsync(update.ToJsonString(), TelegramTestServer.Secret, Ct);
        await telegram.Router.WaitIdleAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(telegram.Api.CallsTo("sendMessage"));

        // The chat works normally afterwards.
        await telegram.DeliverAsync(BotApiUpdates.Text(7101, 7101, "Какво е ICC?"), Ct);
        Assert.NotEmpty(telegram.Api.MessagesTo(7101));
    }
}
