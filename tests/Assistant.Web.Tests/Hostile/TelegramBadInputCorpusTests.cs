using Assistant.Web.Tests.Telegram;

namespace Assistant.Web.Tests.Hostile;

/// <summary>The same hostile messages through the Telegram stand-in: each gets a reply, and the chat goes on.</summary>
public sealed class TelegramBadInputCorpusTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static long _nextChat = 880_000;
    private TelegramTestServer _telegram = null!;

    public ValueTask InitializeAsync()
    {
        _telegram = TelegramTestServer.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _telegram.DisposeAsync();

    public static TheoryData<string, string> Messages => BadInputCorpusTests.MessagesThatGetAReply;

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task A_hostile_message_gets_a_reply_and_the_chat_goes_on(string name, string text)
    {
        var chat = Interlocked.Increment(ref _nextChat);
        await _telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, text), Ct);
        var replies = _telegram.Api.MessagesTo(chat);
        Assert.True(replies.Count > 0, $"{name}: no reply");
        Assert.All(replies, r => Assert.True(r.Succeeded, $"{name}: the Bot API refused a reply: {FakeBotApi.Describe(r)}"));
        Assert.All(replies, r => Assert.InRange(r.Text?.Length ?? 0, 1, 4096));

        await _telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "Какво е Intelligent Cities Challenge?"), Ct);
        Assert.Contains(_telegram.TextsTo(chat), t => t.Contains("Европейската комисия", StringComparison.Ordinal));
    }
}
