using Assistant.Core.Language;

namespace Assistant.Core.Surveys;

/// <summary>A survey as defined in <c>dialogs/surveys/{id}.yaml</c>.</summary>
/// <param name="Version">The author's version number; stored with every response.</param>
/// <param name="Hash">A short hash of the file; a frame started on another hash knows the definition changed.</param>
/// <param name="RetainUntil">The last day the answers are kept (Europe/Sofia); the retention job deletes them after it.</param>
public sealed record SurveyDefinition(
    string Id,
    int Version,
    string Hash,
    LocalizedText Title,
    LocalizedText Description,
    LocalizedText Intro,
    LocalizedText ThankYou,
    DateOnly Opens,
    DateOnly Closes,
    DateOnly RetainUntil,
    bool Anonymous,
    bool OncePerParticipant,
    SurveyConsent Consent,
    IReadOnlyList<SurveyQuestion> Questions,
    string SourceFile)
{
    public bool IsOpen(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return today >= Opens && today <= Closes;
    }

    /// <summary>Whether the answers are past <see cref="RetainUntil"/>: from the next day on (UTC, so never before Sofia's).</summary>
    public bool IsPastRetention(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime) > RetainUntil;

    public SurveyQuestion? Find(string questionId) => Questions.FirstOrDefault(q => q.Id == questionId);
}

public sealed record SurveyConsent(int Version, LocalizedText Text);

public enum QuestionType
{
    SingleChoice,
    MultiChoice,
    Rating,
    Nps,
    YesNo,
    FreeText,
    Number,
}

/// <param name="AllowOther">Choice questions: adds "Other (please specify)".</param>
/// <param name="MinSelections">Multi-choice: fewest options to pick (required questions at least 1).</param>
/// <param name="MaxSelections">Multi-choice: most options to pick; null = all.</param>
/// <param name="MaxLength">Free text: longest answer in characters.</param>
/// <param name="Min">Number: smallest allowed value.</param>
/// <param name="Max">Number: largest allowed value.</param>
public sealed record SurveyQuestion(
    string Id,
    QuestionType Type,
    LocalizedText Text,
    LocalizedText? Help,
    bool Required,
    IReadOnlyList<SurveyOption> Options,
    bool AllowOther,
    int? MinSelections,
    int? MaxSelections,
    RatingScale? Scale,
    int? MaxLength,
    decimal? Min,
    decimal? Max,
    ShowIf? ShowIf);

public sealed record SurveyOption(string Id, LocalizedText Text);

public sealed record RatingScale(int Min, int Max, LocalizedText? MinLabel, LocalizedText? MaxLabel);

/// <summary>
/// Branching: the question is shown only when the earlier question's answer is one of <see cref="AnyOf"/> (option ids, or
/// "yes"/"no") or, for rating and NPS, lies within <see cref="Min"/>..<see cref="Max"/>.
/// </summary>
public sealed record ShowIf(string Question, IReadOnlyList<string>? AnyOf, decimal? Min, decimal? Max);
