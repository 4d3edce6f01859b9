namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// The one rule for tools the real-client tests need from the machine (Chromium, node, npm): when one is missing the test
/// is skipped with a loud reason on a developer machine, but fails when the environment variable <c>CI</c> is "true",
/// so a CI image that lost a tool cannot turn these tests into silent skips.
/// </summary>
internal static class RequiredTool
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns <see cref="ChromiumPath"/>, or skips/fails the test.</summary>
    public static string Chromium()
    {
        Require(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath} (apt-get install chromium)");
        return ChromiumPath;
    }

    /// <summary>Returns the full path of <paramref name="name"/> found on PATH, or skips/fails the test.</summary>
    public static string OnPath(string name, string installHint)
    {
        var found = FindOnPath(name);
        Require(found is not null, $"'{name}' is not on PATH ({installHint})");
        return found!;
    }

    public static void Require(bool present, string what)
    {
        if (present)
        {
            return;
        }

        var reason = $"!!! REAL-CLIENT TEST NOT RUN: {what}. !!!";
        if (InCi)
        {
            Assert.Fail(reason + " CI=true, so a missing tool is a failure, not a skip.");
        }

        Assert.Skip(reason + " (Skipped because CI is not \"true\"; on CI this fails.)");
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
