using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// Passes what a conversation's activity log gained to its open WebSocket streams on this instance. The code that
/// appended activities (a post, a completed turn, a welcome) hands them over with <see cref="Publish"/> once they are
/// committed, and the streams send them from memory. A stream reads the store only to catch up: when it opens, when a
/// handed-over batch does not follow its watermark (batches raced, or some were dropped because the stream fell behind),
/// and on <see cref="Notify"/> (another instance appended: PostgreSQL's notifications). So nothing is lost or reordered
/// by racing publishers: every stream keeps its own watermark and sends only what follows it.
/// </summary>
public sealed class StreamHub
{
    /// <summary>Batches a stream may have waiting; beyond them it is told to catch up from the store.</summary>
    public const int PendingBatches = 32;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _subscriptions = new(StringComparer.Ordinal);

    public Subscription Subscribe(string conversationId)
    {
        var subscription = new Subscription(this, conversationId);
        _subscriptions.GetOrAdd(conversationId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>Hands committed activities (in log order, one conversation) to the conversation's open streams.</summary>
    public void Publish(string conversationId, IReadOnlyList<LoggedActivity> committed)
    {
        if (committed.Count > 0 && _subscriptions.TryGetValue(conversationId, out var set))
        {
            var signal = new StreamSignal(committed, committed[^1].Sequence);
            foreach (var subscription in set.Keys)
            {
                subscription.Offer(signal);
            }
        }
    }

    /// <summary>
    /// Tells the conversation's streams that its log reached <paramref name="watermark"/> elsewhere (another instance);
    /// streams already past it do nothing, the others read the store after their watermark.
    /// </summary>
    public void Notify(string conversationId, long watermark = long.MaxValue)
    {
        if (_subscriptions.TryGetValue(conversationId, out var set))
        {
            var signal = new StreamSignal(null, watermark);
            foreach (var subscription in set.Keys)
            {
                subscription.Offer(signal);
            }
        }
    }

    public int OpenStreams => _subscriptions.Values.Sum(s => s.Count);

    private void Remove(Subscription subscription)
    {
        if (_subscriptions.TryGetValue(subscription.ConversationId, out var set))
        {
            set.TryRemove(subscription, out _);
            if (set.IsEmpty)
            {
                _subscriptions.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Subscription, byte>>(subscription.ConversationId, set));
            }
        }
    }

    /// <summary>
    /// What a stream is told: committed activities to send (<see cref="Activities"/>), or only that the log reached
    /// <see cref="Watermark"/> (null activities: read the store).
    /// </summary>
    public sealed record StreamSignal(IReadOnlyList<LoggedActivity>? Activities, long Watermark);

    public sealed class Subscription(StreamHub hub, string conversationId) : IDisposable
    {
        private static readonly StreamSignal CatchUp = new(null, long.MaxValue);

        private readonly Channel<StreamSignal> _signals = Channel.CreateBounded<StreamSignal>(
            new BoundedChannelOptions(PendingBatches) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        private int _overflowed;

        public string ConversationId { get; } = conversationId;

        /// <summary>The next signal; after an overflow, one that sends the stream to the store.</summary>
        public async ValueTask<StreamSignal> NextAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _overflowed, 0) == 1)
            {
                // Whatever is still queued is older than what the store now holds: the stream skips what it has sent.
                return CatchUp;
            }

            if (_signals.Reader.TryRead(out var signal))
            {
                return signal;
            }

            return await _signals.Reader.ReadAsync(cancellationToken);
        }

        internal void Offer(StreamSignal signal)
        {
            // A full channel means the reader is busy, not waiting: it sees the flag at its next read.
            if (!_signals.Writer.TryWrite(signal))
            {
                Interlocked.Exchange(ref _overflowed, 1);
            }
        }

        public void Dispose() => hub.Remove(this);
    }
}
