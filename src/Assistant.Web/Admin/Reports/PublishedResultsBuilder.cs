using System.Globalization;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Reports;

/// <summary>
/// Works out <see cref="PublishedResults"/> from a survey's completed responses, with the desk's small-cell protection
/// (<see cref="SmallCells"/>) made strict enough for the public:
/// <list type="bullet">
/// <item>a question's cells are counted among the respondents it applied to (the branching is followed per response), with
/// a "no answer" cell, so they add up to a total that can be known;</item>
/// <item>where they do, hidden cells are added (the next smallest) until no hidden count can be worked out: never one hidden
/// cell alone, never a hidden sum under the threshold (it would be a small count itself), never hidden cells whose sum pins
/// each of them (all ones, or all fours when all are small);</item>
/// <item>a question asked only after certain answers to another is withheld when its condition takes in some of that
/// question's hidden cells but not all, or depends on a multi-choice or number question (overlaps and ranges would give
/// counts away); means, NPS scores and groups only when nothing of the question is hidden; no free text, no "other" texts,
/// no channels or campaigns.</item>
/// </list>
/// </summary>
public static class PublishedResultsBuilder
{
    public const string NoAnswerCell = "~no-answer";
    public const string EarlierCell = "~earlier";

    public static async Task<PublishedResults> BuildAsync(SurveyDefinition survey, DateOnly ended, IStaffReportStore reports, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var tallies = survey.Questions.ToDictionary(q => q.Id, q => new Tally(q), StringComparer.Ordinal);
        var responses = 0;
        await foreach (var item in reports.StreamAsync(new ResponseQuery(survey.Id, Completion: CompletionFilter.Completed), cancellationToken)
                           .WithCancellation(cancellationToken))
        {
            responses++;
            var answers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var answer in item.Answers)
            {
                answers[answer.QuestionId] = answer.ValueJson;
            }

            var path = new SurveyPath(survey, answers);
            foreach (var question in survey.Questions)
            {
                if (SafeShows(path, question))
                {
                    tallies[question.Id].Add(answers.TryGetValue(question.Id, out var json) ? SurveyResults.Read(json) : SurveyAnswerValue.Skip);
                }
            }
        }

        if (SmallCells.IsSmall(responses))
        {
            return new PublishedResults(survey.Id, survey.Title.Bg, survey.Title.En, survey.Opens, ended, now, null, []);
        }

        var published = new Dictionary<string, (PublishedQuestion Question, Shaped Shaped)>(StringComparer.Ordinal);
        foreach (var question in survey.Questions)
        {
            var shaped = tallies[question.Id].Shape();
            var withheld = question.ShowIf is { } rule && Withholds(rule, survey, published);
            published[question.Id] = (withheld || shaped.Cells.Count == 0 && question.Type == QuestionType.FreeText
                ? new PublishedQuestion(question.Id, question.Text.Bg, question.Text.En,
                    question.Type == QuestionType.FreeText ? PublishedShape.OpenAnswers : PublishedShape.Withheld, false, null, [])
                : Publish(question, shaped), shaped);
        }

        return new PublishedResults(survey.Id, survey.Title.Bg, survey.Title.En, survey.Opens, ended, now, responses,
            survey.Questions.Select(q => published[q.Id].Question).ToList());
    }

    /// <summary>
    /// Which cells to hide. Partitions (cells that add up to a known total) get the extra hiding described on the class;
    /// other cells (multi-choice options, which overlap) hide only the small ones.
    /// </summary>
    public static bool[] Hide(IReadOnlyList<int> counts, bool partition)
    {
        var hidden = new SmallCells(protect: true).HiddenCells(counts, partition);
        while (partition)
        {
            var shown = Enumerable.Range(0, counts.Count).Where(i => hidden[i]).ToList();
            var sum = shown.Sum(i => counts[i]);
            var allSmall = shown.All(i => SmallCells.IsSmall(counts[i]));
            var pinned = shown.Count == 1 || (shown.Count > 1 && (sum < SmallCells.Threshold || sum == shown.Count
                || (allSmall && sum == (SmallCells.Threshold - 1) * shown.Count)));
            var next = Enumerable.Range(0, counts.Count).Where(i => !hidden[i] && counts[i] > 0).OrderBy(i => counts[i]).Cast<int?>().FirstOrDefault();
            if (!pinned || next is not { } index)
            {
                break;
            }

            hidden[index] = true;
        }

        return hidden;
    }

    private static bool SafeShows(SurveyPath path, SurveyQuestion question)
    {
        try
        {
            return path.Shows(question);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether a question shown only after certain answers to another would give that one's hidden cells away.</summary>
    private static bool Withholds(ShowIf rule, SurveyDefinition survey,
        IReadOnlyDictionary<string, (PublishedQuestion Question, Shaped Shaped)> published)
    {
        if (!published.TryGetValue(rule.Question, out var gate) || survey.Find(rule.Question) is not { } gateQuestion)
        {
            return false;
        }

        if (gate.Question.Shape == PublishedShape.Withheld
            || gateQuestion.Type is QuestionType.MultiChoice or QuestionType.Number or QuestionType.FreeText)
        {
            return true;
        }

        var hidden = Hide(gate.Shaped.Cells.Select(c => c.Count).ToList(), partition: true);
        var inCondition = gate.Shaped.Cells.Select(c => c.Satisfies(rule)).ToList();
        var hiddenIn = Enumerable.Range(0, hidden.Length).Count(i => hidden[i] && inCondition[i]);
        return hiddenIn > 0 && hiddenIn < hidden.Count(h => h);
    }

    private static PublishedQuestion Publish(SurveyQuestion question, Shaped shaped)
    {
        var partition = question.Type != QuestionType.MultiChoice || question.MaxSelections == 1;
        var counts = shaped.Cells.Select(c => c.Count).ToList();
        var hidden = Hide(counts, partition);
        var asked = shaped.Asked;
        var cells = shaped.Cells.Select((c, i) => new PublishedCell(c.Id, c.LabelBg, c.LabelEn, hidden[i] ? null : c.Count,
            hidden[i] || asked == 0 ? null : (int)Math.Round(c.Count * 100.0 / asked, MidpointRounding.AwayFromZero), c.Css)).ToList();
        var anyHidden = hidden.Any(h => h);
        var values = shaped.Cells.Where(c => c.Value is not null).ToList();
        var answered = values.Sum(c => c.Count);
        decimal? mean = question.Type == QuestionType.Rating && !anyHidden && answered > 0
            ? Math.Round(values.Sum(c => c.Value!.Value * c.Count) / answered, 2)
            : null;
        PublishedNps? nps = null;
        if (question.Type == QuestionType.Nps && !anyHidden && answered > 0)
        {
            var detractors = values.Where(c => c.Value <= 6).Sum(c => c.Count);
            var promoters = values.Where(c => c.Value >= 9).Sum(c => c.Count);
            nps = new PublishedNps((int)Math.Round((promoters - detractors) * 100.0 / answered, MidpointRounding.AwayFromZero),
                detractors, answered - detractors - promoters, promoters);
        }

        var shape = question.Type is QuestionType.Rating or QuestionType.Nps or QuestionType.Number ? PublishedShape.Histogram : PublishedShape.Bars;
        return new PublishedQuestion(question.Id, question.Text.Bg, question.Text.En, shape, !partition,
            SmallCells.IsSmall(asked) ? null : asked, cells, mean, nps);
    }

    /// <summary>One question's counts among the respondents it applied to.</summary>
    private sealed class Tally(SurveyQuestion question)
    {
        private const decimal Epsilon = 0.000001m;
        private static readonly decimal[] NiceFactors = [1m, 2m, 5m, 10m];
        private readonly Dictionary<string, int> _options = new(StringComparer.Ordinal);
        private readonly List<decimal> _values = [];
        private int _noAnswer;

        public int Asked { get; private set; }

        public void Add(SurveyAnswerValue value)
        {
            Asked++;
            if (value.Skipped == true || (value.Option is null && value.Options is not { Count: > 0 } && value.Value is null))
            {
                _noAnswer += question.Type == QuestionType.FreeText && value.Text is not null ? 0 : 1;
                return;
            }

            foreach (var option in value.Options ?? (value.Option is { } one ? [one] : []))
            {
                _options[option] = _options.GetValueOrDefault(option) + 1;
            }

            if (value.Other is not null && value.Option != SurveyAnswerValue.OtherOptionId
                && value.Options?.Contains(SurveyAnswerValue.OtherOptionId) != true)
            {
                _options[SurveyAnswerValue.OtherOptionId] = _options.GetValueOrDefault(SurveyAnswerValue.OtherOptionId) + 1;
            }

            if (value.Value is { } number)
            {
                _values.Add(number);
            }
        }

        public Shaped Shape()
        {
            var cells = question.Type switch
            {
                QuestionType.FreeText => [],
                QuestionType.YesNo => Choices([("yes", "Да", "Yes"), ("no", "Не", "No")]),
                QuestionType.SingleChoice or QuestionType.MultiChoice => Choices(question.Options.Select(o => (o.Id, o.Text.Bg, o.Text.En))
                    .Concat(question.AllowOther ? [(SurveyAnswerValue.OtherOptionId, "Друго", "Other")] : []).ToList()),
                QuestionType.Rating => Scale(Enumerable.Range(question.Scale?.Min ?? 1,
                    Math.Max(1, (question.Scale?.Max ?? 5) - (question.Scale?.Min ?? 1) + 1)).Select(v => ((decimal)v, (decimal)v, "")).ToList()),
                QuestionType.Nps => Scale(Enumerable.Range(0, 11)
                    .Select(v => ((decimal)v, (decimal)v, v <= 6 ? "detractor" : v <= 8 ? "passive" : "promoter")).ToList()),
                QuestionType.Number => Scale(NumberBins()),
                _ => [],
            };
            if (question.Type != QuestionType.FreeText && _noAnswer > 0)
            {
                cells.Add(new ShapedCell(NoAnswerCell, "Без отговор", "No answer", _noAnswer, null, [], null, null));
            }

            return new Shaped(Asked, cells);
        }

        private List<ShapedCell> Choices(IReadOnlyList<(string Id, string Bg, string En)> options)
        {
            var cells = options.Select(o => new ShapedCell(o.Id, o.Bg, o.En, _options.GetValueOrDefault(o.Id), null, [o.Id], null, null)).ToList();
            // Options no longer in the definition still count, together, so the cells keep adding up.
            var earlier = _options.Where(o => options.All(x => x.Id != o.Key)).ToList();
            if (earlier.Count > 0)
            {
                cells.Add(new ShapedCell(EarlierCell, "Отговори, които вече не се предлагат", "Answers no longer offered", earlier.Sum(o => o.Value),
                    null, earlier.Select(o => o.Key).ToList(), null, null));
            }

            return cells;
        }

        private List<ShapedCell> Scale(IReadOnlyList<(decimal From, decimal To, string Css)> bins)
        {
            var cells = bins.Select(b => new ShapedCell(Label(b.From, b.To), Label(b.From, b.To), Label(b.From, b.To),
                _values.Count(v => v >= b.From && v <= b.To), b.From == b.To ? b.From : (b.From + b.To) / 2, [], b.From, b.To) { Css = b.Css }).ToList();
            var outside = _values.Where(v => !bins.Any(b => v >= b.From && v <= b.To)).ToList();
            if (outside.Count > 0)
            {
                cells.Add(new ShapedCell(EarlierCell, "Стойности извън скалата", "Values outside the scale", outside.Count, null, [],
                    outside.Min(), outside.Max()));
            }

            return cells;
        }

        /// <summary>Ranges of a number question: from its own limits when it has them, else rounded from the answers (never an answer itself).</summary>
        private List<(decimal From, decimal To, string Css)> NumberBins()
        {
            var low = question.Min ?? (_values.Count == 0 ? 0 : _values.Min());
            var high = question.Max ?? (_values.Count == 0 ? 0 : _values.Max());
            var step = NiceStep((high - low) / 10);
            var start = Math.Floor(low / step) * step;
            var bins = new List<(decimal, decimal, string)>();
            for (var from = start; from <= high && bins.Count < 20; from += step)
            {
                // Whole ranges: [from, from + step), so an answer between two labels is never left out.
                bins.Add((from, from + step - Epsilon, ""));
            }

            return bins;
        }

        private static decimal NiceStep(decimal raw)
        {
            if (raw <= 1)
            {
                return 1;
            }

            var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)raw)));
            return NiceFactors.Select(f => f * magnitude).First(s => s >= raw);
        }

        private static string Label(decimal from, decimal to)
        {
            var last = to == from ? to : Math.Ceiling(to) - 1;
            return last <= from
                ? from.ToString(CultureInfo.InvariantCulture)
                : $"{from.ToString(CultureInfo.InvariantCulture)}–{last.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    private sealed record Shaped(int Asked, List<ShapedCell> Cells);

    /// <param name="Value">For means: the value the cell stands for (scales); null for choices and "no answer".</param>
    /// <param name="OptionIds">The option ids the cell counts, for show-if rules on it.</param>
    private sealed record ShapedCell(string Id, string LabelBg, string LabelEn, int Count, decimal? Value, IReadOnlyList<string> OptionIds,
        decimal? From, decimal? To)
    {
        public string Css { get; init; } = "";

        /// <summary>Whether a show-if rule takes this cell in (a range that only touches it counts: the safe side).</summary>
        public bool Satisfies(ShowIf rule) =>
            rule.AnyOf is { Count: > 0 } anyOf
                ? OptionIds.Any(anyOf.Contains)
                : From is { } from && To is { } to && (rule.Min is null || to >= rule.Min) && (rule.Max is null || from <= rule.Max);
    }
}
