namespace Assistant.Web.Hosting;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c> (default), <c>postgres</c> or <c>memory</c> (tests only: nothing survives a restart).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite <c>synchronous</c> mode for the database file: FULL (default, every commit on disk) or NORMAL.</summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>
    /// SQLite group commit (default true): concurrent writes share one transaction, so one fsync acknowledges many of
    /// them. False commits every write in a transaction of its own (for measurement).
    /// </summary>
    public bool SqliteGroupCommit { get; set; } = true;
}
