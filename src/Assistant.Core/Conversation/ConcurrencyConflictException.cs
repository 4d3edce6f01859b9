namespace Assistant.Core.Conversation;

/// <summary>Someone else wrote the same state since it was read.</summary>
public sealed class ConcurrencyConflictException(string key)
    : Exception($"The state '{key}' was changed by another writer.")
{
    public string Key { get; } = key;
}
