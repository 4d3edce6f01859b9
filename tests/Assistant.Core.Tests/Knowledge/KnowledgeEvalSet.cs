namespace Assistant.Core.Tests.Knowledge;

/// <summary>
/// The evaluation set: questions written apart from the sample questions, as citizens type them, in two parts. The
/// development part (knowledge-eval-dev.tsv) may be looked at and tuned on; the test part (knowledge-eval-test.tsv) is
/// scored only at the end of a change. Columns: lang (bg, bg-latn, en), expected (an entry id, or none: out of scope),
/// kind (keyword, colloquial, fact, typo, ...), question.
/// </summary>
public static class KnowledgeEvalSet
{
    public const string None = "none";
    public const string Header = "lang\texpected\tkind\tquestion";
    public static readonly IReadOnlyList<string> Languages = ["bg", "bg-latn", "en"];

    public sealed record Row(string Lang, string Expected, string Kind, string Question);

    public sealed record Outcome(Row Row, KnowledgeMatch Match)
    {
        public bool InScope => Row.Expected != None;
        public bool Top1 => Match.Top?.Id == Row.Expected;
        public bool Answered => Match.Band == MatchBand.Answer;
        public bool AnsweredRight => Answered && Top1;
        public bool AnsweredWrong => Answered && !Top1;
    }

    public static IReadOnlyList<Row> Development { get; } = Load("knowledge-eval-dev.tsv");

    public static IReadOnlyList<Row> Test { get; } = Load("knowledge-eval-test.tsv");

    public static IReadOnlyList<Outcome> Run(KnowledgeMatcher matcher, IEnumerable<Row> rows) =>
        rows.Select(r => new Outcome(r, matcher.Match(r.Question))).ToList();

    private static List<Row> Load(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Knowledge", file));
        if (lines[0] != Header)
        {
            throw new InvalidDataException($"{file}: the header must be \"{Header}\"");
        }

        return lines.Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(p => new Row(p[0], p[1], p[2], p[3]))
            .ToList();
    }

    public static string Report(IReadOnlyList<Outcome> outcomes)
    {
        var lines = new List<string>();
        foreach (var group in outcomes.GroupBy(o => o.Row.Lang).OrderBy(g => g.Key, StringComparer.Ordinal).Append(outcomes.GroupBy(_ => "all").Single()))
        {
            var inScope = group.Where(o => o.InScope).ToList();
            var outOfScope = group.Where(o => !o.InScope).ToList();
            lines.Add($"{group.Key,-8} in-scope {inScope.Count,3}: top-1 {Rate(inScope, o => o.Top1)}  " +
                $"answered right {Rate(inScope, o => o.AnsweredRight)}  answered wrong {Rate(inScope, o => o.AnsweredWrong)} | " +
                $"out-of-scope {outOfScope.Count,3}: fallback {Rate(outOfScope, o => !o.Answered)}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    public static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        items.Count == 0 ? 0 : items.Count(predicate) / (double)items.Count;

    public static string Rate<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        items.Count == 0 ? "  -  " : Share(items, predicate).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
}
