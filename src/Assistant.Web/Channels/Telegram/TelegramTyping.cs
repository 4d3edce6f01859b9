namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Shows "typing…" while a turn runs: at once, then every four seconds (Telegram shows it for five). Disposing stops it and
/// waits for a call in flight, so the indicator never arrives after the reply it announced.
/// </summary>
public sealed class TelegramTyping : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(4);

    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    private TelegramTyping(TelegramSender sender, long chatId, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = RunAsync(sender, chatId, cancellationToken, _stop.Token);
    }

    public static TelegramTyping Start(TelegramSender sender, long chatId, CancellationToken cancellationToken) =>
        new(sender, chatId, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(TelegramSender sender, long chatId, CancellationToken cancellationToken, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // The call itself is not cut short by stop: it finishes before the reply goes out.
            await sender.SendTypingAsync(chatId, cancellationToken);
            await Task.Delay(Interval, stop);
        }
    }
}
