using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>The numbers behind <see cref="DirectLineLimits"/> (from <c>RateLimits:*</c>).</summary>
public sealed record DirectLineLimitSettings(int ConversationMessagesPerMinute, int StreamsPerIp, int StreamsPerConversation);

/// <summary>
/// The Direct Line limits that must know who is calling, so the endpoints apply them after authentication; the per-IP
/// request limit is the rate-limiting middleware's, before them, on every Direct Line request.
/// <list type="bullet">
/// <item>Messages per conversation per minute: charged only once the token is valid for that conversation, so posts
/// with a junk token never spend a conversation's budget (they count against their own address only).</item>
/// <item>Open WebSocket streams per client address and per conversation: a chain of concurrency limiters; the lease is
/// held while the socket is open.</item>
/// <item>Stream tickets (the <c>t</c> of a <c>streamUrl</c>) open one socket each.</item>
/// </list>
/// All of it is per server instance, in memory.
/// </summary>
public sealed class DirectLineLimits : IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly PartitionedRateLimiter<string> _posts;
    private readonly PartitionedRateLimiter<StreamOwner> _streamsPerIp;
    private readonly PartitionedRateLimiter<StreamOwner> _streamsPerConversation;
    private readonly PartitionedRateLimiter<StreamOwner> _streams;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _usedTickets = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private long _nextSweep;

    public DirectLineLimits(DirectLineLimitSettings settings, TimeProvider clock)
    {
        _clock = clock;
        _posts = PartitionedRateLimiter.Create<string, string>(conversationId =>
            RateLimitPartition.GetFixedWindowLimiter(conversationId, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.ConversationMessagesPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        _streamsPerIp = PartitionedRateLimiter.Create<StreamOwner, string>(owner =>
            RateLimitPartition.GetConcurrencyLimiter(owner.ClientAddress, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.StreamsPerIp),
                QueueLimit = 0,
            }));
        _streamsPerConversation = PartitionedRateLimiter.Create<StreamOwner, string>(owner =>
            RateLimitPartition.GetConcurrencyLimiter(owner.ConversationId, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.StreamsPerConversation),
                QueueLimit = 0,
            }));
        _streams = PartitionedRateLimiter.CreateChained(_streamsPerIp, _streamsPerConversation);
        _nextSweep = clock.GetUtcNow().Add(SweepInterval).UtcTicks;
    }

    /// <summary>One message of the conversation; call only once the caller is known to be allowed to post to it.</summary>
    public RateLimitLease AcquirePost(string conversationId) => _posts.AttemptAcquire(conversationId);

    /// <summary>A place for one open stream; keep the lease while the socket is open and dispose it afterwards.</summary>
    public RateLimitLease AcquireStream(string clientAddress, string conversationId) =>
        _streams.AttemptAcquire(new StreamOwner(clientAddress, conversationId));

    /// <summary>
    /// Marks a stream ticket as used; false when it was used before. Remembered until the ticket expires (after that
    /// the ticket is refused as expired anyway).
    /// </summary>
    public bool TryUseStreamTicket(string ticketId, DateTimeOffset expires)
    {
        var now = _clock.GetUtcNow();
        SweepIfDue(now);
        return _usedTickets.TryAdd(ticketId, expires);
    }

    /// <summary>Stream tickets remembered as used (for tests).</summary>
    internal int RememberedTickets => _usedTickets.Count;

    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweep, now.Add(SweepInterval).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (id, expires) in _usedTickets)
        {
            if (expires < now)
            {
                _usedTickets.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, expires));
            }
        }
    }

    public void Dispose()
    {
        _streams.Dispose();
        _streamsPerIp.Dispose();
        _streamsPerConversation.Dispose();
        _posts.Dispose();
    }

    public readonly record struct StreamOwner(string ClientAddress, string ConversationId);
}
