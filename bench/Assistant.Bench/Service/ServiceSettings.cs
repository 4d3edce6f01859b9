namespace Assistant.Bench.Service;

/// <summary>How long and how hard the service benchmark drives the servers (command-line options of <c>service</c>).</summary>
internal sealed record ServiceSettings
{
    public int Runs { get; init; } = 3;

    /// <summary>Concurrent conversations (closed loop) in the throughput scenarios.</summary>
    public int Workers { get; init; } = 64;

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Measured { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Open WebSockets in the open-conversations scenario.</summary>
    public int Sockets { get; init; } = 10_000;

    public TimeSpan MessageInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the open conversations are held (and send their messages) once all are connected.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(35);

    public bool Postgres { get; init; } = true;

    /// <summary>Also run the SQLite FULL survey scenario without group commit (the before/after figure).</summary>
    public bool CompareGroupCommit { get; init; } = true;

    public IReadOnlySet<string> Scenarios { get; init; } = All;

    public string? DotnetCounters { get; init; }

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "calibration", "knowledge", "survey", "peer", "sockets", "startup",
    };

    /// <summary>The CI smoke: every scenario once, briefly, with a few hundred sockets.</summary>
    public static ServiceSettings Smoke => new()
    {
        Runs = 1,
        Workers = 16,
        WarmUp = TimeSpan.FromSeconds(0.5),
        Measured = TimeSpan.FromSeconds(1.5),
        Sockets = 200,
        MessageInterval = TimeSpan.FromSeconds(2),
        Hold = TimeSpan.FromSeconds(3),
        Postgres = false,
        CompareGroupCommit = false,
    };
}
