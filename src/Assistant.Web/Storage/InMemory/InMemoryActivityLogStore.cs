using Assistant.Web.Channels.DirectLine;

namespace Assistant.Web.Storage.InMemory;

public sealed class InMemoryActivityLogStore : IActivityLogStore
{
    private sealed class Log(DirectLineConversation conversation)
    {
        public DirectLineConversation Conversation { get; set; } = conversation;
        public List<(LoggedActivity Item, bool Inbound, bool Handled)> Items { get; } = [];
        public long LastTimestampMs { get; set; }
    }

    private readonly Dictionary<string, Log> _logs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly InMemoryStateStore? _state;
    private readonly InMemoryTranscriptStore? _transcripts;

    /// <summary>With the state and transcript stores a turn's commit writes into (without them a turn cannot commit here).</summary>
    public InMemoryActivityLogStore(TimeProvider? clock = null, InMemoryStateStore? state = null, InMemoryTranscriptStore? transcripts = null)
    {
        _clock = clock ?? TimeProvider.System;
        _state = state;
        _transcripts = transcripts;
    }

    public Task<bool> CreateConversationAsync(DirectLineConversation conversation, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_logs.TryAdd(conversation.Id, new Log(conversation)));
        }
    }

    public Task<DirectLineConversation?> GetConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_logs.TryGetValue(conversationId, out var log) ? log.Conversation : null);
        }
    }

    public Task<AppendResult> AppendInboundAsync(string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var log = Get(conversationId);
            var key = activity.ClientActivityId;
            if (key is not null)
            {
                var earlier = log.Items.FirstOrDefault(i => i.Inbound && i.Item.Activity.ClientActivityId == key);
                if (earlier.Item is not null)
                {
                    return Task.FromResult(new AppendResult(Copy(earlier.Item), Duplicate: true));
                }
            }

            var logged = Add(log, conversationId, activity, inbound: true);
            return Task.FromResult(new AppendResult(logged, Duplicate: false));
        }
    }

    public Task<IReadOnlyList<LoggedActivity>> CompleteTurnAsync(string conversationId, long inboundSequence,
        IReadOnlyList<Activity> replies, TurnCommit? commit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var log = Get(conversationId);
            var index = log.Items.FindIndex(i => i.Item.Sequence == inboundSequence);
            if (index < 0 || log.Items[index].Handled)
            {
                return Task.FromResult<IReadOnlyList<LoggedActivity>>([]);
            }

            if (commit is { IsEmpty: false })
            {
                if (_state is null || _transcripts is null)
                {
                    throw new InvalidOperationException("This activity log has no state and transcript stores to commit a turn into.");
                }

                // The documents first: a conflict throws before anything of the turn is stored.
                _state.WriteAll(commit.States);
                _transcripts.AppendAsync(commit.Transcript, CancellationToken.None);
            }

            log.Items[index] = log.Items[index] with { Handled = true };
            // The turn erased what it answers (/forget): its reply is logged without the erased user's id.
            var erased = ErasedActivity.IsTombstone(log.Items[index].Item.Activity);
            return Task.FromResult<IReadOnlyList<LoggedActivity>>(replies
                .Select(r => Add(log, conversationId, erased ? ErasedActivity.WithoutRecipient(r) : r, inbound: false)).ToList());
        }
    }

    public Task<IReadOnlyList<LoggedActivity>> AppendOutboundAsync(string conversationId, IReadOnlyList<Activity> activities,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var log = Get(conversationId);
            return Task.FromResult<IReadOnlyList<LoggedActivity>>(
                activities.Select(a => Add(log, conversationId, a, inbound: false)).ToList());
        }
    }

    public Task<long> WatermarkBeforeLastAsync(string conversationId, int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_logs.TryGetValue(conversationId, out var log) && log.Items.Count > count
                ? log.Items[log.Items.Count - count - 1].Item.Sequence
                : 0L);
        }
    }

    public Task<IReadOnlyList<LoggedActivity>> ReadAfterAsync(string conversationId, long watermark, int max,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_logs.TryGetValue(conversationId, out var log))
            {
                return Task.FromResult<IReadOnlyList<LoggedActivity>>([]);
            }

            return Task.FromResult<IReadOnlyList<LoggedActivity>>(
                log.Items.Where(i => i.Item.Sequence > watermark).Take(max).Select(i => Copy(i.Item)).ToList());
        }
    }

    public Task<IReadOnlyList<LoggedActivity>> GetUnhandledAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_logs.TryGetValue(conversationId, out var log))
            {
                return Task.FromResult<IReadOnlyList<LoggedActivity>>([]);
            }

            return Task.FromResult<IReadOnlyList<LoggedActivity>>(
                log.Items.Where(i => i.Inbound && !i.Handled).Select(i => Copy(i.Item)).ToList());
        }
    }

    public Task<IReadOnlyList<string>> GetConversationsWithUnhandledAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>(
                _logs.Where(l => l.Value.Items.Any(i => i.Inbound && !i.Handled)).Select(l => l.Key).ToList());
        }
    }

    /// <summary>Tombstones every activity older than the cutoff, in every conversation.</summary>
    internal int ScrubOlderThan(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            var scrubbed = 0;
            foreach (var log in _logs.Values)
            {
                for (var i = 0; i < log.Items.Count; i++)
                {
                    var item = log.Items[i];
                    if (item.Item.Activity.Timestamp < cutoff && !ErasedActivity.IsTombstone(item.Item.Activity))
                    {
                        log.Items[i] = item with { Item = new LoggedActivity(item.Item.Sequence, ErasedActivity.Tombstone(item.Item.Activity)) };
                        scrubbed++;
                    }
                }
            }

            return scrubbed;
        }
    }

    /// <summary>Replaces every activity of the conversation with a tombstone that keeps only its number, id and time.</summary>
    internal int Scrub(string conversationId)
    {
        lock (_lock)
        {
            if (!_logs.TryGetValue(conversationId, out var log))
            {
                return 0;
            }

            for (var i = 0; i < log.Items.Count; i++)
            {
                var item = log.Items[i];
                log.Items[i] = item with { Item = new LoggedActivity(item.Item.Sequence, ErasedActivity.Tombstone(item.Item.Activity)) };
            }

            return log.Items.Count;
        }
    }

    /// <summary>Replaces the conversation's user id with an erased one; returns 1 when the conversation exists.</summary>
    internal int ForgetUser(string conversationId)
    {
        lock (_lock)
        {
            if (!_logs.TryGetValue(conversationId, out var log))
            {
                return 0;
            }

            log.Conversation = log.Conversation with { UserId = ErasedActivity.NewUserId() };
            return 1;
        }
    }

    private Log Get(string conversationId) =>
        _logs.TryGetValue(conversationId, out var log)
            ? log
            : throw new InvalidOperationException($"Conversation '{conversationId}' does not exist.");

    private LoggedActivity Add(Log log, string conversationId, Activity activity, bool inbound)
    {
        var sequence = log.Items.Count + 1;
        // The log owns what it is given (see IActivityLogStore): stamped in place and kept; callers get copies.
        var stamped = activity;
        log.LastTimestampMs = ActivityStamp.NextTimestampMs(log.LastTimestampMs, _clock.GetUtcNow());
        ActivityStamp.Apply(stamped, conversationId, sequence, log.LastTimestampMs);
        var logged = new LoggedActivity(sequence, stamped);
        log.Items.Add((logged, inbound, Handled: false));
        return Copy(logged);
    }

    private static LoggedActivity Copy(LoggedActivity item) => new(item.Sequence, item.Activity.Clone());
}
