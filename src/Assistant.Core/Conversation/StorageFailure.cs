using System.Data.Common;

namespace Assistant.Core.Conversation;

/// <summary>
/// Tells a failure of the storage itself (a full disk, an I/O error, a database that is locked, down or out of reach)
/// from a bug in the code that called it. Stores report the first kind the way .NET does: as the database provider's
/// <see cref="DbException"/> (SQLite's and PostgreSQL's errors derive from it) or as an <see cref="IOException"/>, so
/// Core recognises them without knowing the provider. Such a failure says nothing about the dialog: the same turn may
/// well succeed a moment later. Errors a store raises about the request itself (an unknown response id) are not of
/// this kind, and neither is a <see cref="ConcurrencyConflictException"/>.
/// </summary>
public static class StorageFailure
{
    /// <summary>Whether the exception, or one it wraps, is a failure of the storage.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or IOException)
            {
                return true;
            }
        }

        return false;
    }
}
