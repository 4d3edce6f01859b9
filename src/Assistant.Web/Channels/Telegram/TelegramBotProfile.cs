using System.Globalization;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace Assistant.Web.Channels.Telegram;

/// <summary>Who the bot is: its id (from the token, known at once) and its username (from <c>getMe</c> at start-up).</summary>
public sealed class TelegramBotProfile(IOptions<TelegramOptions> options)
{
    private readonly TaskCompletionSource<User> _me = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long BotId { get; } = long.Parse(options.Value.Token.Trim().Split(':')[0], CultureInfo.InvariantCulture);

    /// <summary>Whose update ids these are, in <c>IProcessedUpdateStore</c>: update ids are numbered per bot.</summary>
    public string Source => "telegram/" + BotId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bot's @username without the @; null until <c>getMe</c> answered.</summary>
    public string? Username => _me.Task.IsCompletedSuccessfully ? _me.Task.Result.Username : null;

    public void SetMe(User me) => _me.TrySetResult(me);

    public Task WaitReadyAsync(CancellationToken cancellationToken) => _me.Task.WaitAsync(cancellationToken);
}
