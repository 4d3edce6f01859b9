using System.Text;
using Assistant.Bench;
using Assistant.Bench.Service;

// Benchmarks of the assistant; see BENCHMARKS.md at the repository root for the commands and the figures.
Console.OutputEncoding = Encoding.UTF8;

const string Usage = """
    usage: dotnet run -c Release --project bench/Assistant.Bench -- <command> [options]

    commands:
      knowledge-eval        evaluation rates per language and kind, every miss, the stemming comparison, load and index build times
                            --part test   score the held-out test part instead of the development part
      knowledge-cv          k-fold cross-validation over the sample questions; searches the answering policy
                            --dump PATH   also write every out-of-fold score as TSV
      knowledge-latency     per-call latency percentiles and allocation of KnowledgeMatcher.Match, then BenchmarkDotNet
                            --quick       the plain timing loop only (no BenchmarkDotNet; for CI smoke runs)
                            --calls N     timed calls in the plain loop (default 20000)

      service               the published server as its own process, driven over HTTP and WebSocket: calibration (no-op
                            endpoint, echo Direct Line server), knowledge turns, survey turns (SQLite FULL/NORMAL,
                            PostgreSQL), open conversations (WebSockets), start-up; medians over the runs
                            --server PATH   the published assistant (default bench/out/server)
                            --echo PATH     the published echo server (default bench/out/echo)
                            --runs N        runs (default 3)          --workers N    conversations per load (default 64)
                            --seconds S     measured seconds per load (default 4)   --warmup S   before each (default 2)
                            --sockets N     open WebSockets (default 10000)   --hold S   seconds they are held (default 35)
                            --peer PATH     the JS SDK survey bot (default bench/survey-peer, after `npm ci` there)
                            --only LIST     some of calibration,knowledge,survey,peer,sockets,startup (comma-separated);
                                            peer: survey turns over /api/messages, the JS SDK peer and the assistant
                                            (SQLite FULL, memory), as ratios to the peer
                            --no-postgres   skip the PostgreSQL survey row
                            --smoke         every scenario once, briefly (CI)

    options:
      --dialogs PATH        the dialogs/ folder (default: dialogs/ next to Assistant.sln, found above the current directory)
      --eval PATH           the evaluation TSV (default: tests/Assistant.Core.Tests/Knowledge/knowledge-eval-dev.tsv)
    """;

string? command = null, dialogs = null, eval = null, serverFolder = null, echoFolder = null, peerFolder = null, dump = null;
var quick = false;
var testPart = false;
var service = new ServiceSettings();
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
        case "--part" when i + 1 < args.Length && (args[i + 1] == "dev" || args[i + 1] == "test"):
            testPart = args[++i] == "test";
            break;
        case "--dump" when i + 1 < args.Length:
            dump = args[++i];
            break;
        case "--quick":
            quick = true;
            break;
        case "--calls" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
            calls = n;
            i++;
            break;
        case "--server" when i + 1 < args.Length:
            serverFolder = args[++i];
            break;
        case "--echo" when i + 1 < args.Length:
            echoFolder = args[++i];
            break;
        case "--peer" when i + 1 < args.Length:
            peerFolder = args[++i];
            break;
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], out var runs) && runs > 0:
            service = service with { Runs = runs };
            i++;
            break;
        case "--workers" when i + 1 < args.Length && int.TryParse(args[i + 1], out var workers) && workers > 0:
            service = service with { Workers = workers };
            i++;
            break;
        case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
            service = service with { Measured = TimeSpan.FromSeconds(seconds) };
            i++;
            break;
        case "--warmup" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var warmUp) && warmUp >= 0:
            service = service with { WarmUp = TimeSpan.FromSeconds(warmUp) };
            i++;
            break;
        case "--sockets" when i + 1 < args.Length && int.TryParse(args[i + 1], out var sockets) && sockets > 0:
            service = service with { Sockets = sockets };
            i++;
            break;
        case "--hold" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var hold) && hold > 0:
            service = service with { Hold = TimeSpan.FromSeconds(hold) };
            i++;
            break;
        case "--only" when i + 1 < args.Length:
            var only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            if (!only.IsSubsetOf(ServiceSettings.All))
            {
                Console.Error.WriteLine($"--only: unknown scenario in {args[i]}; choose from {string.Join(',', ServiceSettings.All)}");
                return 2;
            }

            service = service with { Scenarios = only };
            break;
        case "--no-postgres":
            service = service with { Postgres = false };
            break;
        case "--smoke":
            service = ServiceSettings.Smoke with { Scenarios = service.Scenarios };
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

if (command is not ("knowledge-eval" or "knowledge-cv" or "knowledge-latency" or "service"))
{
    Console.Error.WriteLine(command is null ? "no command given" : $"unknown command: {command}");
    Console.Error.WriteLine(Usage);
    return 2;
}

var paths = BenchPaths.Resolve(dialogs, eval, testPart);
if (command == "service")
{
    var root = BenchPaths.FindRepositoryRoot() ?? Environment.CurrentDirectory;
    var counters = Path.Combine(root, "bench", ".tools", "dotnet-counters");
    var launcher = new ServerLauncher(
        Path.GetFullPath(serverFolder ?? Path.Combine(root, "bench", "out", "server")),
        Path.GetFullPath(echoFolder ?? Path.Combine(root, "bench", "out", "echo")),
        Path.GetFullPath(peerFolder ?? Path.Combine(root, "bench", "survey-peer")));
    service = service with { DotnetCounters = File.Exists(counters) ? counters : null };
    var questions = QuestionMix.Load(paths).Interleaved.Select(q => q.Question).ToList();
    return await ServiceCommand.RunAsync(launcher, service, questions);
}

return command switch
{
    "knowledge-eval" => KnowledgeEvalCommand.Run(paths, showMisses: !testPart, testPart ? null : dump),
    "knowledge-cv" => KnowledgeCvCommand.Run(paths, dump),
    _ => KnowledgeLatencyCommand.Run(paths, quick, calls),
};
