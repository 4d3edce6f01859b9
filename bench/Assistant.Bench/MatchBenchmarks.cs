using Assistant.Core.Knowledge;
using Assistant.Core.Language;
using BenchmarkDotNet.Attributes;

namespace Assistant.Bench;

/// <summary>
/// BenchmarkDotNet view of <see cref="KnowledgeMatcher.Match"/>: one benchmark per kind of question, each invocation
/// asking that kind's <see cref="QuestionMix.PerCategory"/> questions, so the reported time and allocation are per question.
/// Public and unsealed because BenchmarkDotNet requires it.
/// </summary>
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private KnowledgeMatcher _matcher = null!;
    private string[] _bulgarian = [];
    private string[] _latinBulgarian = [];
    private string[] _english = [];
    private string[] _outOfScope = [];

    [GlobalSetup]
    public void Setup()
    {
        var paths = BenchPaths.Resolve(null, null);
        var knowledge = KnowledgeLoader.Load(paths.DialogsFolder);
        _matcher = new KnowledgeMatcher(knowledge, KnowledgeIndex.Build(knowledge));
        var mix = QuestionMix.Load(paths);
        _bulgarian = [.. mix.Categories[0].Questions];
        _latinBulgarian = [.. mix.Categories[1].Questions];
        _english = [.. mix.Categories[2].Questions];
        _outOfScope = [.. mix.Categories[3].Questions];
    }

    [GlobalCleanup]
    public void Cleanup() => _matcher.Index.Dispose();

    [Benchmark(OperationsPerInvoke = QuestionMix.PerCategory)]
    public int BulgarianCyrillic() => Ask(_bulgarian);

    [Benchmark(OperationsPerInvoke = QuestionMix.PerCategory)]
    public int LatinBulgarian() => Ask(_latinBulgarian);

    [Benchmark(OperationsPerInvoke = QuestionMix.PerCategory)]
    public int English() => Ask(_english);

    [Benchmark(OperationsPerInvoke = QuestionMix.PerCategory)]
    public int OutOfScope() => Ask(_outOfScope);

    private int Ask(string[] questions)
    {
        var sink = 0;
        foreach (var question in questions)
        {
            sink += _matcher.Match(question).Candidates.Count;
        }

        return sink;
    }
}
