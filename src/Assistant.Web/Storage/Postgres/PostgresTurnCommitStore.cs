namespace Assistant.Web.Storage.Postgres;

/// <summary>A turn's commit as one transaction.</summary>
public sealed class PostgresTurnCommitStore(PostgresDatabase database, TimeProvider clock) : ITurnCommitStore
{
    public async Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A conflict throws and the transaction rolls back with nothing of the turn stored.
        var now = clock.GetUtcNow();
        foreach (var write in commit.States)
        {
            await PostgresStateStore.WriteInAsync(connection, transaction, write, now, cancellationToken);
        }

        await PostgresTranscriptStore.AppendInAsync(connection, transaction, commit.Transcript, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
