using Assistant.Core.Conversation;

namespace Assistant.Core.Turns;

/// <summary>
/// The writes a turn ends with, handed to the channel that ran it instead of written one by one: the state documents
/// it changed (each eTag-checked) and its transcript entries. The channel commits them in the same transaction as its
/// own record of the turn (Direct Line: the inbound activity marked handled and the replies logged), or on their own
/// through <see cref="ITurnCommitStore"/> (Bot Connector), so a turn costs one durable commit and a crash leaves either
/// all of it or none. A conflicting eTag fails the whole commit with
/// <see cref="ConcurrencyConflictException"/>; nothing of it is stored then, and the turn may run again from the stored state.
/// </summary>
public sealed class TurnCommit
{
    private readonly List<StateWrite> _states = [];
    private readonly List<TranscriptEntry> _transcript = [];

    /// <summary>State documents to write, in order (the user's before the conversation's).</summary>
    public IReadOnlyList<StateWrite> States => _states;

    public IReadOnlyList<TranscriptEntry> Transcript => _transcript;

    public bool IsEmpty => _states.Count == 0 && _transcript.Count == 0;

    public void AddState(StateWrite write) => _states.Add(write);

    public void AddTranscript(IEnumerable<TranscriptEntry> entries) => _transcript.AddRange(entries);

    /// <summary>Forgets what a run of the turn collected (it runs again).</summary>
    internal void Clear()
    {
        _states.Clear();
        _transcript.Clear();
    }
}
