namespace Assistant.Web.Storage.Sqlite;

/// <summary>A turn's commit as one write unit: with group commit, one part of a batch that commits together.</summary>
public sealed class SqliteTurnCommitStore(SqliteDatabase database, TimeProvider clock) : ITurnCommitStore
{
    public Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            // A conflict throws and undoes the unit's writes before it (the batch's other units stand).
            var now = clock.GetUtcNow();
            foreach (var write in commit.States)
            {
                await SqliteStateStore.WriteInAsync(connection, transaction, write, now, token);
            }

            await SqliteTranscriptStore.AppendInAsync(connection, transaction, commit.Transcript, token);
        }, cancellationToken);
}
