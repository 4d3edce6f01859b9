using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Outbound pacing within Telegram's limits: a token bucket for all chats (~30 messages/s) and one per chat (~1/s after a
/// short burst). Waiters queue oldest first, so bursts are delayed, never dropped or reordered.
/// </summary>
public sealed class TelegramPacing : IDisposable
{
    private const int QueueLimit = 100_000;

    private readonly TokenBucketRateLimiter _global;
    private readonly PartitionedRateLimiter<long> _perChat;

    public TelegramPacing(IOptions<TelegramOptions> options)
    {
        var o = options.Value;
        _global = new TokenBucketRateLimiter(Bucket(o.GlobalMessagesPerSecond, Math.Max(1, (int)Math.Floor(o.GlobalMessagesPerSecond))));
        var perChat = Bucket(o.ChatMessagesPerSecond, o.ChatBurst);
        _perChat = PartitionedRateLimiter.Create<long, long>(chatId => RateLimitPartition.GetTokenBucketLimiter(chatId, _ => perChat));
    }

    /// <summary>Waits until one more message may go to <paramref name="chatId"/>.</summary>
    public async Task WaitAsync(long chatId, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var lease = await _perChat.AcquireAsync(chatId, 1, cancellationToken);
            if (lease.IsAcquired)
            {
                break;
            }
        }

        while (true)
        {
            using var lease = await _global.AcquireAsync(1, cancellationToken);
            if (lease.IsAcquired)
            {
                break;
            }
        }
    }

    public void Dispose()
    {
        _perChat.Dispose();
        _global.Dispose();
    }

    private static TokenBucketRateLimiterOptions Bucket(double perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1 / perSecond),
        AutoReplenishment = true,
        QueueLimit = QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };
}
