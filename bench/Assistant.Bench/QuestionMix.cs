
namespace Assistant.Bench;

/// <summary>
/// The fixed set of questions the latency benchmarks ask: <see cref="PerCategory"/> questions of each kind, taken at
/// evenly spaced rows of the evaluation set so that they spread over its topics. Same TSV, same questions.
/// </summary>
internal sealed record QuestionMix(IReadOnlyList<QuestionMix.Category> Categories)
{
    public const int PerCategory = 8;

    public sealed record Category(string Name, IReadOnlyList<string> Questions);

    /// <summary>All questions, categories interleaved (bg, bg-latn, en, out-of-scope, bg, …), as the timing loop asks them.</summary>
    public IReadOnlyList<(string Category, string Question)> Interleaved =>
        Enumerable.Range(0, PerCategory)
            .SelectMany(i => Categories.Select(c => (c.Name, c.Questions[i])))
            .ToList();

    public static QuestionMix From(IReadOnlyList<EvalSet.Row> rows) => new(
    [
        Pick("bg (Cyrillic)", rows.Where(r => r.InScope && r.Lang == "bg")),
        Pick("bg-latn", rows.Where(r => r.InScope && r.Lang == "bg-latn")),
        Pick("en", rows.Where(r => r.InScope && r.Lang == "en")),
        Pick("out-of-scope", rows.Where(r => !r.InScope)),
    ]);

    public static QuestionMix Load(BenchPaths paths) => From(EvalSet.Load(paths.EvalFile));

    private static Category Pick(string name, IEnumerable<EvalSet.Row> rows)
    {
        var list = rows.ToList();
        if (list.Count < PerCategory)
        {
            throw new InvalidDataException($"the evaluation set has {list.Count} {name} questions; the benchmark needs {PerCategory}");
        }

        return new Category(name, Enumerable.Range(0, PerCategory).Select(i => list[i * list.Count / PerCategory].Question).ToList());
    }
}
