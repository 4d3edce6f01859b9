using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// Wakes the WebSocket streams of a conversation when its activity log grows. Only a wake-up: each stream reads what
/// is new from storage after its own watermark, so nothing is lost or reordered by racing notifications.
/// </summary>
public sealed class StreamHub
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _subscriptions = new(StringComparer.Ordinal);

    public Subscription Subscribe(string conversationId)
    {
        var subscription = new Subscription(this, conversationId);
        _subscriptions.GetOrAdd(conversationId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    public void Notify(string conversationId)
    {
        if (_subscriptions.TryGetValue(conversationId, out var set))
        {
            foreach (var subscription in set.Keys)
            {
                subscription.Signal.Writer.TryWrite(true);
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

    public sealed class Subscription(StreamHub hub, string conversationId) : IDisposable
    {
        public string ConversationId { get; } = conversationId;

        public Channel<bool> Signal { get; } = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
        });

        public void Dispose() => hub.Remove(this);
    }
}
