using Assistant.Core.Knowledge;
using Assistant.Core.Language;

namespace Assistant.Bench;

/// <summary>
/// The evaluation set, read as the core tests read it (tests/Assistant.Core.Tests/Knowledge/KnowledgeEvalSet.cs):
/// a TSV with the header <c>lang	expected	kind	question</c>, lang bg | bg-latn | en, expected an entry id or <c>none</c>
/// (out of scope: the right outcome is not to answer), kind what sort of question it is (keyword, colloquial, fact...).
/// </summary>
internal static class EvalSet
{
    public const string None = "none";
    public const string Header = "lang\texpected\tkind\tquestion";
    public static readonly IReadOnlyList<string> Languages = ["bg", "bg-latn", "en"];

    public sealed record Row(string Lang, string Expected, string Kind, string Question)
    {
        public bool InScope => Expected != None;
    }

    public sealed record Outcome(Row Row, KnowledgeMatch Match)
    {
        public bool InScope => Row.InScope;
        public bool Top1 => Match.Top?.Id == Row.Expected;
        public bool Top3 => Match.Candidates.Take(3).Any(c => c.Id == Row.Expected);
        public bool Answered => Match.Band == MatchBand.Answer;
        public bool AnsweredRight => Answered && Top1;
        public bool AnsweredWrong => Answered && !Top1;

        /// <summary>What the evaluation tests count as a miss: a wrong top entry in scope, an answer out of scope.</summary>
        public bool Miss => InScope ? !Top1 : Answered;
    }

    public static List<Row> Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != Header)
        {
            throw new InvalidDataException($"{path}: the first line must be the header \"{Header.Replace("\t", "\\t", StringComparison.Ordinal)}\"");
        }

        var rows = new List<Row>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length != 4 || !Languages.Contains(parts[0]))
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected \"bg|bg-latn|en<TAB>id|none<TAB>kind<TAB>question\", got \"{line}\"");
            }

            rows.Add(new Row(parts[0], parts[1], parts[2], parts[3]));
        }

        return rows;
    }

    public static List<Outcome> Run(KnowledgeMatcher matcher, IEnumerable<Row> rows) =>
        rows.Select(r => new Outcome(r, matcher.Match(r.Question))).ToList();
}

/// <summary>The rates of one slice of outcomes: in-scope rates over in-scope questions, fallback over out-of-scope ones.</summary>
internal sealed record EvalMetrics(int InScope, int Top1, int Top3, int AnsweredRight, int AnsweredWrong, int OutOfScope, int Fallback)
{
    public static EvalMetrics Of(IEnumerable<EvalSet.Outcome> outcomes)
    {
        var list = outcomes.ToList();
        var inScope = list.Where(o => o.InScope).ToList();
        var outOfScope = list.Where(o => !o.InScope).ToList();
        return new EvalMetrics(
            inScope.Count,
            inScope.Count(o => o.Top1),
            inScope.Count(o => o.Top3),
            inScope.Count(o => o.AnsweredRight),
            inScope.Count(o => o.AnsweredWrong),
            outOfScope.Count,
            outOfScope.Count(o => !o.Answered));
    }

    public static string Rate(int count, int total) =>
        total == 0 ? "  -  " : Format.Invariant($"{count / (double)total:0.000}");

    public static string RateWithCount(int count, int total) =>
        total == 0 ? "-" : Format.Invariant($"{Rate(count, total)} ({count}/{total})");
}
