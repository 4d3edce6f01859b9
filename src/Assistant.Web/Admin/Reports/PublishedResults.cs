using System.Text.Json;
using Assistant.Core.Surveys.Publications;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Reports;

/// <summary>
/// A survey's results as the public page shows them, worked out once when staff publish them and stored as they are: only
/// what may be shown is in it (a hidden cell has no count at all), and the figures do not move afterwards, so no later
/// change (a late erasure, a retention purge) can be subtracted from an earlier view. <see cref="PublishedResultsBuilder"/>
/// makes it.
/// </summary>
/// <param name="Responses">Completed responses, the base of every figure; null when fewer than the threshold (then nothing else is shown).</param>
/// <param name="Ended">The last day of the survey: its <c>closes</c> date, or the day staff closed it.</param>
public sealed record PublishedResults(
    string SurveyId,
    string TitleBg,
    string TitleEn,
    DateOnly Opens,
    DateOnly Ended,
    DateTimeOffset ComputedAt,
    int? Responses,
    IReadOnlyList<PublishedQuestion> Questions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Title(string language) => language == "en" ? TitleEn : TitleBg;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PublishedResults FromJson(string json) =>
        JsonSerializer.Deserialize<PublishedResults>(json, Json) ?? throw new JsonException("Empty published results.");
}

/// <summary>How a question appears on the public page.</summary>
public enum PublishedShape
{
    /// <summary>Bars per option (choices, yes/no).</summary>
    Bars,

    /// <summary>Bars over an ordered scale (ratings, NPS, number ranges).</summary>
    Histogram,

    /// <summary>Free text: the answers are read by the team and never published.</summary>
    OpenAnswers,

    /// <summary>Its figures together with those of the question it depends on would give hidden counts away.</summary>
    Withheld,
}

/// <param name="Asked">Respondents the question applied to (percentages are of them); null when not shown.</param>
/// <param name="Mean">Ratings: the mean, only when no cell of the question is hidden.</param>
/// <param name="Nps">NPS: the score and its three groups, only when no cell of the question is hidden.</param>
public sealed record PublishedQuestion(
    string Id,
    string TextBg,
    string TextEn,
    PublishedShape Shape,
    bool MultipleAnswers,
    int? Asked,
    IReadOnlyList<PublishedCell> Cells,
    decimal? Mean = null,
    PublishedNps? Nps = null)
{
    public string Text(string language) => language == "en" ? TextEn : TextBg;
}

/// <param name="Count">Null when hidden: fewer than the threshold, or hidden so that a small one cannot be worked out.</param>
/// <param name="Percent">Of <see cref="PublishedQuestion.Asked"/>, rounded; null when hidden.</param>
/// <param name="Css">Extra class for the bar (NPS detractor / passive / promoter).</param>
public sealed record PublishedCell(string Id, string LabelBg, string LabelEn, int? Count, int? Percent, string Css = "")
{
    public string Label(string language) => language == "en" ? LabelEn : LabelBg;
}

public sealed record PublishedNps(int Score, int Detractors, int Passives, int Promoters);
