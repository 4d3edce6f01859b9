namespace Assistant.Core.Conversation;

/// <summary>Key → JSON document with an eTag for optimistic concurrency.</summary>
public interface IStateStore
{
    Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the document when the stored eTag equals <paramref name="expectedETag"/> (null: the key must not exist yet)
    /// and returns the new eTag; otherwise throws <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    Task<string> WriteAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

public sealed record StateEntry(string Json, string ETag);

/// <summary>
/// One state document to write: stored only when the stored eTag equals <see cref="ExpectedETag"/> (null: the key must
/// not exist yet); the new eTag is <see cref="NewETag"/>.
/// </summary>
public sealed record StateWrite(string Key, string Json, string? ExpectedETag, string NewETag);
