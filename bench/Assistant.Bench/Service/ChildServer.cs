using System.Diagnostics;
using System.Globalization;

namespace Assistant.Bench.Service;

/// <summary>
/// A server under test running as its own process, started from a published folder the way it is deployed, with its
/// settings in environment variables. Its console output is kept (the last lines) for error messages and log figures.
/// </summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ChildServer(Process process, Uri baseAddress, long startedAt)
    {
        _process = process;
        BaseAddress = baseAddress;
        StartedAt = startedAt;
    }

    public Uri BaseAddress { get; }

    /// <summary>Stopwatch ticks just before the process was started.</summary>
    public long StartedAt { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildServer Start(string publishFolder, string assemblyName, int port, IReadOnlyDictionary<string, string> environment,
        string workingDirectory)
    {
        var appHost = Path.Combine(publishFolder, assemblyName);
        var info = File.Exists(appHost)
            ? new ProcessStartInfo(appHost)
            : new ProcessStartInfo("dotnet", [Path.Combine(publishFolder, assemblyName + ".dll")]);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(publishFolder);
        return Start(info, port, environment, workingDirectory);
    }

    /// <summary>Any server program (the JS SDK peer: <c>node index.js</c>) that listens on the given loopback port.</summary>
    public static ChildServer Start(ProcessStartInfo info, int port, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        info.WorkingDirectory = workingDirectory;
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        var server = new ChildServer(process, new Uri($"http://127.0.0.1:{port}"), startedAt);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Polls a URL until it answers 2xx; throws with the server's last output when the process exits or time runs out.</summary>
    public async Task WaitReadyAsync(HttpClient http, string path, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, path));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"the server did not answer {path} within {timeout.TotalSeconds} s:\n{Output()}");
    }

    /// <summary>Resident set size of the process (VmRSS), in bytes.</summary>
    public long ResidentBytes() => StatusField("VmRSS:");

    /// <summary>Highest resident set size so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes() => StatusField("VmHWM:");

    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    /// <summary>Asks the server to stop (SIGTERM, as a service manager does) and waits; kills it after 20 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 400)
            {
                _output.RemoveRange(0, 200);
            }
        }
    }

    private long StatusField(string name)
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            if (line is null)
            {
                return 0;
            }

            var kilobytes = line[name.Length..].Trim().Split(' ')[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
