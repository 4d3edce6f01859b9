using System.Diagnostics;

namespace Assistant.Web.Tests.Support;

/// <summary>
/// The machine's PostgreSQL server programs (<c>/usr/lib/postgresql/*/bin</c>, newest first, or exactly
/// <c>POSTGRES_BIN</c>) and how to run them: as the <c>postgres</c> user through <c>runuser</c> when running as root
/// (PostgreSQL refuses root). Shared by the tests' throwaway cluster and the bench (linked into bench/Assistant.Bench).
/// </summary>
internal sealed class PostgresTools(string bin)
{
    public string Bin => bin;

    public bool AsPostgresUser { get; } = Environment.UserName == "root";

    /// <summary>Null when no folder with <c>initdb</c> and <c>pg_ctl</c> is found.</summary>
    public static PostgresTools? Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("POSTGRES_BIN") is { Length: > 0 } configured)
        {
            // Exactly these binaries (POSTGRES_BIN=/nowhere shows what a machine without PostgreSQL does).
            candidates.Add(configured);
        }
        else if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        var bin = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        return bin is null ? null : new PostgresTools(bin);
    }

    /// <summary>Runs one of the PostgreSQL programs (e.g. <c>initdb</c>, <c>pg_ctl</c>, <c>psql</c>).</summary>
    public Task RunAsync(string tool, IReadOnlyList<string> arguments) =>
        AsPostgresUser
            ? RunProcessAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments])
            : RunProcessAsync(Path.Combine(bin, tool), arguments);

    /// <summary>Runs a program to its end (at most 60 s); throws with its output when it fails.</summary>
    public static async Task RunProcessAsync(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} timed out.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}");
        }
    }
}
