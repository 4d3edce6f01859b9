using System.Text.Json;

namespace Assistant.Web.Admin.Reports;

/// <summary>
/// One pass over the matching responses (streamed, oldest first) that tallies every question of the survey's current
/// definition: option counts, scale and NPS histograms, numbers, and the latest free-text and "other" answers.
/// </summary>
public sealed class SurveyResults
{
    /// <summary>How many free-text (or "other") answers per question are kept for display; all are counted.</summary>
    public const int TextsShown = 200;

    private SurveyResults(SurveyDefinition survey, IReadOnlyList<QuestionTally> questions, int responses, int completed)
    {
        Survey = survey;
        Questions = questions;
        Responses = responses;
        Completed = completed;
    }

    public SurveyDefinition Survey { get; }

    public IReadOnlyList<QuestionTally> Questions { get; }

    public int Responses { get; }

    public int Completed { get; }

    public static async Task<SurveyResults> BuildAsync(SurveyDefinition survey, IAsyncEnumerable<ResponseWithAnswers> responses,
        ResponseFilters filters, CancellationToken cancellationToken)
    {
        var tallies = survey.Questions.ToDictionary(q => q.Id, q => new QuestionTally(q), StringComparer.Ordinal);
        var count = 0;
        var completed = 0;
        await foreach (var item in responses.WithCancellation(cancellationToken))
        {
            count++;
            if (item.Response.Status == ResponseStatus.Completed)
            {
                completed++;
            }

            foreach (var answer in item.Answers)
            {
                if (tallies.TryGetValue(answer.QuestionId, out var tally))
                {
                    tally.Add(Read(answer.ValueJson), answer.AnsweredAt, filters);
                }
            }
        }

        return new SurveyResults(survey, survey.Questions.Select(q => tallies[q.Id]).ToList(), count, completed);
    }

    internal static SurveyAnswerValue Read(string json)
    {
        try
        {
            return SurveyAnswerValue.FromJson(json);
        }
        catch (JsonException)
        {
            return SurveyAnswerValue.Skip;
        }
    }
}

/// <summary>The tally of one question.</summary>
public sealed class QuestionTally(SurveyQuestion question)
{
    private readonly Dictionary<string, int> _options = new(StringComparer.Ordinal);
    private readonly SortedDictionary<decimal, int> _values = [];
    private readonly Queue<TextAnswer> _texts = new();

    public SurveyQuestion Question { get; } = question;

    /// <summary>Respondents who answered (not skipped).</summary>
    public int Answered { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Respondents who chose "other" (choice questions).</summary>
    public int Other { get; private set; }

    /// <summary>Free-text or "other" answers that match the search.</summary>
    public int TextMatches { get; private set; }

    public IReadOnlyDictionary<string, int> Options => _options;

    public IReadOnlyDictionary<decimal, int> Values => _values;

    /// <summary>The latest matching texts, newest first.</summary>
    public IReadOnlyList<TextAnswer> Texts => _texts.Reverse().ToList();

    public int OptionCount(string id) => _options.GetValueOrDefault(id);

    internal void Add(SurveyAnswerValue value, DateTimeOffset at, ResponseFilters filters)
    {
        if (value.Skipped == true)
        {
            Skipped++;
            return;
        }

        Answered++;
        if (value.Option is { } option)
        {
            Increment(option);
        }

        foreach (var each in value.Options ?? [])
        {
            Increment(each);
        }

        if (value.Other is { } other)
        {
            if (value.Option != SurveyAnswerValue.OtherOptionId && value.Options?.Contains(SurveyAnswerValue.OtherOptionId) != true)
            {
                Increment(SurveyAnswerValue.OtherOptionId);
            }

            Keep(other, at, filters);
        }

        if (value.Value is { } number)
        {
            _values[number] = _values.GetValueOrDefault(number) + 1;
        }

        if (value.Text is { } text)
        {
            Keep(text, at, filters);
        }
    }

    private void Increment(string option)
    {
        _options[option] = _options.GetValueOrDefault(option) + 1;
        if (option == SurveyAnswerValue.OtherOptionId)
        {
            Other++;
        }
    }

    private void Keep(string text, DateTimeOffset at, ResponseFilters filters)
    {
        if (!filters.Matches(text))
        {
            return;
        }

        TextMatches++;
        _texts.Enqueue(new TextAnswer(at, text));
        if (_texts.Count > SurveyResults.TextsShown)
        {
            _texts.Dequeue();
        }
    }
}

public sealed record TextAnswer(DateTimeOffset At, string Text);
