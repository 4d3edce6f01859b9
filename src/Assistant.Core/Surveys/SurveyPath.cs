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
    /// "Question n of m" for <paramref name="current"/>: m counts the questions answered plus those still ahead that can
    /// be shown. A question ahead whose rule looks at an answer not given yet still counts: it may be shown.
    /// </summary>
    public (int Number, int Total) Progress(SurveyQuestion current)
    {
        var answered = survey.Questions.Count(q => answers.ContainsKey(q.Id) && q.Id != current.Id);
        var ahead = survey.Questions.Skip(IndexOf(current.Id) + 1).Count(q => !answers.ContainsKey(q.Id)
            && (q.ShowIf is not { } rule || !answers.ContainsKey(rule.Question) || Shows(q)));
        return (answered + 1, answered + 1 + ahead);
    }

    /// <summary>
    /// Whether the total of <see cref="Progress"/> is certain: every question ahead is either answered or known to be
    /// shown or hidden. Until then the total is only an upper bound ("question n of at most m"), which never grows: the
    /// number goes up by one per answer and the bound only comes down as answers settle the branching.
    /// </summary>
    public bool TotalIsCertain(SurveyQuestion current) =>
        survey.Questions.Skip(IndexOf(current.Id) + 1)
            .All(q => answers.ContainsKey(q.Id) || q.ShowIf is not { } rule || answers.ContainsKey(rule.Question));

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
