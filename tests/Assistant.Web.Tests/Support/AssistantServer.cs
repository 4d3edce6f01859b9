using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assistant.Web.Tests.Support;

/// <summary>
/// The real server on a real socket (Kestrel on a free loopback port) over a real SQLite file, so browsers, Node clients
/// and WebSockets can talk to it. Disposing it stops the host gracefully; a new instance on the same file is a restart.
/// </summary>
public sealed class AssistantServer : WebApplicationFactory<Program>
{
    public const string Secret = "test-directline-secret-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private AssistantServer(string databasePath, ManualClock? clock, Dictionary<string, string?>? settings,
        Action<IServiceCollection>? services)
    {
        DatabasePath = databasePath;
        Clock = clock;
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["ConnectionStrings:Sqlite"] = $"Data Source={databasePath}",
            ["Content:Root"] = RepoPaths.Dialogs,
            ["DirectLine:Secret"] = Secret,
            // The keys of the participant cookie (and staff sign-in) live with the database: a restart keeps them.
            ["Admin:KeysFolder"] = Path.Combine(Path.GetDirectoryName(databasePath)!, "keys"),
            ["RateLimits:ChatTokenPerMinute"] = "1000",
            ["RateLimits:DirectLinePerMinute"] = "100000",
            ["RateLimits:ConversationMessagesPerMinute"] = "100000",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public string DatabasePath { get; }

    public ManualClock? Clock { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public static string NewDatabasePath() =>
        Path.Combine(Directory.CreateTempSubdirectory("assistant-test-").FullName, "assistant.db");

    /// <summary>Starts a server; pass the path of an earlier one to restart on its data.</summary>
    /// <param name="port">0 for any free port; a fixed port keeps the origin (and a browser's storage) across a restart.</param>
    /// <param name="services">Registrations made after the server's own, so they replace them (e.g. a store that fails).</param>
    public static AssistantServer Start(string? databasePath = null, ManualClock? clock = null,
        Dictionary<string, string?>? settings = null, int port = 0, Action<IServiceCollection>? services = null)
    {
        var server = new AssistantServer(databasePath ?? NewDatabasePath(), clock, settings, services);
        server.UseKestrel(port);
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
            .Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public HttpClient NewClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (Clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
