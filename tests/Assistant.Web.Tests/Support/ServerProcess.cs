using System.Diagnostics;

namespace Assistant.Web.Tests.Support;

/// <summary>
/// The server as a separate operating-system process, as it is deployed, so a test can kill it outright (SIGKILL: no
/// graceful shutdown, nothing flushed) and start it again on the same data.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <param name="listenBy">How the port is given: the standard ways a .NET operator uses.</param>
    public static async Task<ServerProcess> StartAsync(string databasePath, int port, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? settings = null, ListenSetting listenBy = ListenSetting.AspNetCoreUrls)
    {
        var dll = WebAssemblyPath();
        string[] arguments = listenBy == ListenSetting.CommandLineUrls ? [dll, "--urls", $"http://127.0.0.1:{port}"] : [dll];
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        info.Environment.Remove("ASPNETCORE_HTTPS_PORTS");
        switch (listenBy)
        {
            case ListenSetting.AspNetCoreUrls:
                info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
                break;
            case ListenSetting.HttpPorts:
                info.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        info.Environment["ConnectionStrings__Sqlite"] = $"Data Source={databasePath}";
        info.Environment["Content__Root"] = RepoPaths.Dialogs;
        info.Environment["Content__Watch"] = "false";
        info.Environment["DirectLine__Secret"] = AssistantServer.Secret;
        info.Environment["RateLimits__ChatTokenPerMinute"] = "10000";
        info.Environment["RateLimits__DirectLinePerMinute"] = "1000000";
        info.Environment["RateLimits__ConversationMessagesPerMinute"] = "1000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The server process did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server process exited with code {process.ExitCode}.");
            }

            try
            {
                if ((await http.GetAsync("/health", cancellationToken)).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        server.Kill();
        throw new TimeoutException("The server process did not become healthy in 30 s.");
    }

    /// <summary>SIGKILL: the process ends at once, mid-whatever it was doing.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The web project's own build output, in the same configuration as the tests.</summary>
    private static string WebAssemblyPath()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        var path = Path.Combine(RepoPaths.Root, "src", "Assistant.Web", "bin", configuration, "net10.0", "Assistant.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: " + path);
    }
}

/// <summary>How a started server process is told where to listen.</summary>
public enum ListenSetting
{
    /// <summary>The environment variable <c>ASPNETCORE_URLS</c>.</summary>
    AspNetCoreUrls,

    /// <summary>The environment variable <c>ASPNETCORE_HTTP_PORTS</c> (every interface, as containers use it).</summary>
    HttpPorts,

    /// <summary>The command-line argument <c>--urls</c>.</summary>
    CommandLineUrls,
}
