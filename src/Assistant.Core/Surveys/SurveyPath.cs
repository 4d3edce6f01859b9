namespace Assistant.Core.Surveys;

/// <summary>
/// A participant's way through a survey, worked out from the definition and the answers so far (question id → value
/// JSON, as <see cref="SurveyState.Answers"/> keeps them): which questions the branching shows, which comes next, and
/// the "question n of m" numbers. Pure: no conversation, no store.
/// </summary>
public sealed class SurveyPath(SurveyDefinition survey, IReadOnlyDictionary<string, string> answers)
{
    /// <summary>Shown when it has no show-if rule, or the answer its rule looks at meets it.</summary>
    public bool Shows(SurveyQuestion question) =>
        question.ShowIf is not { } rule
        || (answers.TryGetValue(rule.Question, out var json) && SurveyAnswerValue.FromJson(json).Satisfies(rule));

    /// <summary>The first unanswered question that is shown, from the start or after the question <paramref name="after"/>.</summary>
    public SurveyQuestion? Next(string? after = null)
    {
        var start = after is null ? 0 : IndexOf(after) + 1;
        return survey.Questions.Skip(start).FirstOrDefault(q => !answers.ContainsKey(q.Id) && Shows(q));
    }

    /// <summary>
    /// "Question n of m" for <paramref name="current"/>: n is one more than the questions answered; m adds the most
    /// questions that can still be shown from <paramref name="current"/> on, over every way the answers still to come can
    /// take the branching (two branches that exclude each other are never both counted). So m is never exceeded, and
    /// as answers come in n goes up by one while m can only stay or come down; <see cref="TotalIsCertain"/> tells when m
    /// is exact.
    /// </summary>
    public (int Number, int Total) Progress(SurveyQuestion current)
    {
        var answered = survey.Questions.Count(q => answers.ContainsKey(q.Id) && q.Id != current.Id);
        var hypothetical = answers.Where(a => a.Key != current.Id).ToDictionary(a => a.Key, a => a.Value);
        return (answered + 1, answered + MostShown(IndexOf(current.Id), hypothetical, current.Id));
    }

    /// <summary>
    /// Whether the total of <see cref="Progress"/> is exact: every question ahead is either answered or known to be
    /// shown or hidden. Until then it is only the most the survey can still ask ("question n of at most m").
    /// </summary>
    public bool TotalIsCertain(SurveyQuestion current) =>
        survey.Questions.Skip(IndexOf(current.Id) + 1)
            .All(q => answers.ContainsKey(q.Id) || q.ShowIf is not { } rule || answers.ContainsKey(rule.Question));

    /// <summary>The most questions shown from index <paramref name="from"/> on, trying every answer that decides a rule.</summary>
    private int MostShown(int from, Dictionary<string, string> given, string? asked)
    {
        for (var i = from; i < survey.Questions.Count; i++)
        {
            var question = survey.Questions[i];
            if (given.ContainsKey(question.Id) || (question.Id != asked && !ShowsWith(question, given)))
            {
                continue;
            }

            var rules = survey.Questions.Skip(i + 1).Select(q => q.ShowIf).OfType<ShowIf>().Where(r => r.Question == question.Id).ToList();
            if (rules.Count == 0)
            {
                given[question.Id] = SurveyAnswerValue.Skip.ToJson();
                var rest = 1 + MostShown(i + 1, given, null);
                given.Remove(question.Id);
                return rest;
            }

            var best = 0;
            foreach (var candidate in Candidates(question, rules))
            {
                given[question.Id] = candidate.ToJson();
                best = Math.Max(best, 1 + MostShown(i + 1, given, null));
                given.Remove(question.Id);
            }

            return best;
        }

        return 0;
    }

    private static bool ShowsWith(SurveyQuestion question, Dictionary<string, string> given) =>
        question.ShowIf is not { } rule
        || (given.TryGetValue(rule.Question, out var json) && SurveyAnswerValue.FromJson(json).Satisfies(rule));

    /// <summary>
    /// Answers that between them meet every combination of the rules on a question that one real answer can meet: each
    /// option a rule names (all of them at once on a multi-choice question), each bound of a numeric rule, and none.
    /// </summary>
    private static IEnumerable<SurveyAnswerValue> Candidates(SurveyQuestion question, IReadOnlyList<ShowIf> rules)
    {
        yield return SurveyAnswerValue.Skip;
        var options = rules.SelectMany(r => r.AnyOf ?? []).Distinct().ToList();
        foreach (var option in options)
        {
            yield return new SurveyAnswerValue { Option = option };
        }

        if (question.Type == QuestionType.MultiChoice && options.Count > 0)
        {
            yield return new SurveyAnswerValue { Options = options };
        }

        foreach (var bound in rules.SelectMany(r => new[] { r.Min, r.Max }).OfType<decimal>().Append(0m).Distinct())
        {
            yield return new SurveyAnswerValue { Value = bound };
        }
    }

    private int IndexOf(string questionId)
    {
        for (var i = 0; i < survey.Questions.Count; i++)
        {
            if (survey.Questions[i].Id == questionId)
            {
                return i;
            }
        }

        return -1;
    }
}
