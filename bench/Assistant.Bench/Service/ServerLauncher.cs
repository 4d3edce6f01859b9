using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Assistant.Bench.Service;

/// <summary>Where the published servers are, and how the bench starts them (settings as a deployment would give them).</summary>
internal sealed class ServerLauncher(string serverFolder, string echoFolder, string peerFolder)
{
    public const string ServerAssembly = "Assistant.Web";
    public const string EchoAssembly = "Assistant.Bench.Echo";

    /// <summary>The Direct Line secret the bench gives the server (random per bench run; never a checked-in value).</summary>
    public string Secret { get; } = RandomSecret();

    private readonly string _participantSecret = RandomSecret();

    public string ServerFolder => serverFolder;

    /// <summary>
    /// The assistant, Production settings, its storage as given, public rate limits lifted (the load comes from one
    /// address). With <paramref name="botConnector"/>, <c>/api/messages</c> is served without Bot Framework
    /// authentication, which only the Development environment allows (the Bot Framework Emulator's local mode); the
    /// settings are otherwise the same (there is no appsettings.Development.json).
    /// </summary>
    public ChildServer StartAssistant(StorageSetup storage, string workingDirectory, bool quietLogs = false, bool botConnector = false)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = botConnector ? "Development" : "Production",
            ["DirectLine__Secret"] = Secret,
            ["Participants__KeySecret"] = _participantSecret,
            // Without botConnector /api/messages is not used: the Bot Connector stays off, as in a deployment without an Azure Bot.
            ["BotFramework__Enabled"] = botConnector ? "true" : "false",
            ["RateLimits__DirectLinePerMinute"] = "100000000",
            ["RateLimits__ConversationMessagesPerMinute"] = "100000000",
            ["RateLimits__ChatTokenPerMinute"] = "100000000",
            ["RateLimits__DirectLineStreamsPerIp"] = "100000000",
            ["RateLimits__DirectLineStreamsPerConversation"] = "100000000",
            ["Storage__Provider"] = storage.Provider,
            ["Storage__SqliteSynchronous"] = storage.SqliteSynchronous,
            ["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(workingDirectory, "assistant.db")}",
            ["ConnectionStrings__Postgres"] = storage.PostgresConnectionString ?? "",
        };
        if (storage.SqliteGroupCommit is { } groupCommit)
        {
            environment["Storage__SqliteGroupCommit"] = groupCommit ? "true" : "false";
        }

        // Extra runtime settings for profiling runs, e.g. ASSISTANT_BENCH_SERVER_ENV="DOTNET_PerfMapEnabled=1".
        foreach (var pair in (Environment.GetEnvironmentVariable("ASSISTANT_BENCH_SERVER_ENV") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2)
            {
                environment[parts[0]] = parts[1];
            }
        }

        if (quietLogs)
        {
            environment["Logging__LogLevel__Default"] = "Warning";
        }

        return ChildServer.Start(serverFolder, ServerAssembly, FreePort(), environment, workingDirectory);
    }

    public string PeerFolder => peerFolder;

    /// <summary>The JS SDK survey bot (<c>bench/survey-peer</c>, its packages installed with <c>npm ci</c>) under Node.js.</summary>
    public ChildServer StartPeer(string workingDirectory)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("node", [Path.Combine(peerFolder, "index.js")]);
        return ChildServer.Start(info, port, new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NODE_ENV"] = "production",
        }, workingDirectory);
    }

    public ChildServer StartEcho(string workingDirectory) =>
        ChildServer.Start(echoFolder, EchoAssembly, FreePort(), new Dictionary<string, string>(), workingDirectory);

    public static HttpClient NewHttpClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RandomSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

/// <summary>The storage a scenario runs the assistant on.</summary>
internal sealed record StorageSetup(string Name, string Provider, string SqliteSynchronous, bool? SqliteGroupCommit, string? PostgresConnectionString)
{
    public static StorageSetup Sqlite(string synchronous, bool? groupCommit = null) =>
        new($"SQLite synchronous={synchronous}{(groupCommit is false ? ", no group commit" : "")}", "sqlite", synchronous, groupCommit, null);

    public static StorageSetup Memory() => new("memory", "memory", "FULL", null, null);

    public static StorageSetup Postgres(string connectionString) =>
        new("PostgreSQL (fsync on, synchronous_commit on)", "postgres", "FULL", null, connectionString);
}
