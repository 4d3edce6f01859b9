using System.Globalization;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// One SQLite file, one server: each server instance streams new activities from its own memory, so a second server on
/// the same file would start happily and its clients' streams would silently stall. The first server holds an
/// exclusive lock on <c>{database}.lock</c> for its lifetime (the operating system releases it if the process dies);
/// a second one refuses to start, naming the file. The staff command line does not take the lock: it may run beside
/// the server. Several instances need PostgreSQL.
/// </summary>
public sealed class SqliteServerLock : IDisposable
{
    private readonly FileStream? _lock;

    private SqliteServerLock(FileStream? held) => _lock = held;

    public static SqliteServerLock Acquire(string dataSource)
    {
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return new SqliteServerLock(null);
        }

        var path = Path.GetFullPath(dataSource) + ".lock";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var owner = System.Text.Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            stream.Write(owner);
            stream.Flush();
            return new SqliteServerLock(stream);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another server is already using the SQLite database {Path.GetFullPath(dataSource)} (it holds {path}). " +
                "Stop it first, or give this one its own file (ConnectionStrings__Sqlite); several instances on one database " +
                "need Storage:Provider=postgres.", e);
        }
    }

    public void Dispose() => _lock?.Dispose();
}
