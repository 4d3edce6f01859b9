using Assistant.Core.Knowledge;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Knowledge;

/// <summary>The evaluation set (knowledge-eval.tsv) and the rates the matcher reaches on it.</summary>
public static class KnowledgeEvalSet
{
    public const string None = "none";

    public sealed record Row(string Lang, string Expected, string Question);

    public sealed record Outcome(Row Row, KnowledgeMatch Match)
    {
        public bool InScope => Row.Expected != None;
        public bool Top1 => Match.Top?.Id == Row.Expected;
        public bool Top3 => Match.Candidates.Take(3).Any(c => c.Id == Row.Expected);
        public bool Answered => Match.Band == MatchBand.Answer;
        public bool AnsweredRight => Answered && Top1;
        public bool AnsweredWrong => Answered && !Top1;
    }

    public static IReadOnlyList<Row> Rows { get; } = Load();

    public static IReadOnlyList<Outcome> Run(KnowledgeMatcher matcher) =>
        Rows.Select(r => new Outcome(r, matcher.Match(r.Question))).ToList();

    private static List<Row> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Knowledge", "knowledge-eval.tsv");
        return File.ReadLines(path).Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(p => new Row(p[0], p[1], p[2]))
            .ToList();
    }

    public static string Report(IReadOnlyList<Outcome> outcomes)
    {
        var lines = new List<string>();
        foreach (var group in outcomes.GroupBy(o => o.Row.Lang).OrderBy(g => g.Key))
        {
            var inScope = group.Where(o => o.InScope).ToList();
            var outOfScope = group.Where(o => !o.InScope).ToList();
            lines.Add($"{group.Key,-8} in-scope {inScope.Count,3}: top-1 {Rate(inScope, o => o.Top1)}  top-3 {Rate(inScope, o => o.Top3)}  " +
                $"answered right {Rate(inScope, o => o.AnsweredRight)}  answered wrong {Rate(inScope, o => o.AnsweredWrong)} | " +
                $"out-of-scope {outOfScope.Count,3}: fallback {Rate(outOfScope, o => !o.Answered)}");
        }

        var all = outcomes.Where(o => o.InScope).ToList();
        var none = outcomes.Where(o => !o.InScope).ToList();
        lines.Add($"all      in-scope {all.Count,3}: top-1 {Rate(all, o => o.Top1)}  top-3 {Rate(all, o => o.Top3)}  " +
            $"answered right {Rate(all, o => o.AnsweredRight)}  answered wrong {Rate(all, o => o.AnsweredWrong)} | " +
            $"out-of-scope {none.Count,3}: fallback {Rate(none, o => !o.Answered)}");
        return string.Join(Environment.NewLine, lines);
    }

    public static string Rate<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        items.Count == 0 ? "  -  " : (items.Count(predicate) / (double)items.Count).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
}
