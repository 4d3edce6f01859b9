namespace Assistant.Bench;

/// <summary>
/// Where the bench finds its inputs: the repository's dialogs/ folder and the evaluation set of the core tests.
/// The evaluation set has a development part (the default) and a held-out test part.
/// The repository root is the nearest folder above the current directory (or, failing that, above the binaries) that
/// holds Assistant.sln; --dialogs PATH and --eval PATH override either path.
/// </summary>
internal sealed record BenchPaths(string DialogsFolder, string EvalFile)
{
    public const string SolutionFileName = "Assistant.sln";
    public const string EvalRelativePath = "tests/Assistant.Core.Tests/Knowledge/knowledge-eval-dev.tsv";

    /// <summary>The held-out part: scored only at the end of a change (<c>--part test</c>), never tuned on.</summary>
    public const string TestEvalRelativePath = "tests/Assistant.Core.Tests/Knowledge/knowledge-eval-test.tsv";

    /// <summary>Read by the BenchmarkDotNet benchmark class, which BenchmarkDotNet creates without our command line.</summary>
    public const string DialogsVariable = "ASSISTANT_BENCH_DIALOGS";
    public const string EvalVariable = "ASSISTANT_BENCH_EVAL";

    public static BenchPaths Resolve(string? dialogs, string? eval, bool testPart = false)
    {
        dialogs ??= Environment.GetEnvironmentVariable(DialogsVariable);
        eval ??= Environment.GetEnvironmentVariable(EvalVariable);
        if (dialogs is null || eval is null)
        {
            var root = FindRepositoryRoot()
                ?? throw new DirectoryNotFoundException(
                    $"{SolutionFileName} not found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}; " +
                    "pass --dialogs PATH and --eval PATH");
            dialogs ??= Path.Combine(root, "dialogs");
            eval ??= Path.Combine(root, testPart ? TestEvalRelativePath : EvalRelativePath);
        }

        dialogs = Path.GetFullPath(dialogs);
        eval = Path.GetFullPath(eval);
        if (!Directory.Exists(dialogs))
        {
            throw new DirectoryNotFoundException("dialogs folder not found: " + dialogs);
        }

        if (!File.Exists(eval))
        {
            throw new FileNotFoundException("evaluation set not found: " + eval, eval);
        }

        return new BenchPaths(dialogs, eval);
    }

    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
