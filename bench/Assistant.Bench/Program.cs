using System.Text;
using Assistant.Bench;

// Benchmarks of the knowledge matcher; see BENCHMARKS.md at the repository root for the commands and the figures.
Console.OutputEncoding = Encoding.UTF8;

const string Usage = """
    usage: dotnet run -c Release --project bench/Assistant.Bench -- <command> [options]

    commands:
      knowledge-eval        evaluation rates per language, every miss, the stemming comparison, load and index build times
      knowledge-latency     per-call latency percentiles and allocation of KnowledgeMatcher.Match, then BenchmarkDotNet
                            --quick       the plain timing loop only (no BenchmarkDotNet; for CI smoke runs)
                            --calls N     timed calls in the plain loop (default 20000)

    options:
      --dialogs PATH        the dialogs/ folder (default: dialogs/ next to Assistant.sln, found above the current directory)
      --eval PATH           the evaluation TSV (default: tests/Assistant.Core.Tests/Knowledge/knowledge-eval.tsv)
    """;

string? command = null, dialogs = null, eval = null;
var quick = false;
var calls = KnowledgeLatencyCommand.DefaultCalls;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--dialogs" when i + 1 < args.Length:
            dialogs = args[++i];
            break;
        case "--eval" when i + 1 < args.Length:
            eval = args[++i];
            break;
        case "--quick":
            quick = true;
            break;
        case "--calls" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
            calls = n;
            i++;
            break;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        case var arg when command is null && !arg.StartsWith('-'):
            command = arg;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument: {args[i]}");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

if (command is not ("knowledge-eval" or "knowledge-latency"))
{
    Console.Error.WriteLine(command is null ? "no command given" : $"unknown command: {command}");
    Console.Error.WriteLine(Usage);
    return 2;
}

var paths = BenchPaths.Resolve(dialogs, eval);
return command == "knowledge-eval"
    ? KnowledgeEvalCommand.Run(paths)
    : KnowledgeLatencyCommand.Run(paths, quick, calls);
