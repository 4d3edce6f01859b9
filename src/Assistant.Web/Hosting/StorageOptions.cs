namespace Assistant.Web.Hosting;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c> (default), <c>postgres</c> or <c>memory</c> (tests only: nothing survives a restart).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite <c>synchronous</c> mode for the database file: FULL (default, every commit on disk) or NORMAL.</summary>
    public string SqliteSynchronous { get; set; } = "FULL";
}
