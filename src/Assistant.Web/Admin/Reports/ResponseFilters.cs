using System.Globalization;
using Assistant.Core.Surveys.Invitations;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Reports;

/// <summary>
/// The filters shared by the results page, the responses table and the exports, as query parameters:
/// <c>from</c> and <c>to</c> (calendar days in the desk's time zone, both included, <c>yyyy-MM-dd</c>), <c>channel</c>,
/// <c>completion</c> (<c>all</c>, <c>completed</c>, <c>incomplete</c>), <c>q</c> (search in free-text and "other" answers)
/// and <c>campaign</c> (the campaign label responses came with).
/// </summary>
public sealed record ResponseFilters(DateOnly? From, DateOnly? To, string? Channel, CompletionFilter Completion, string? Search,
    string? Campaign = null)
{
    public static readonly ResponseFilters None = new(null, null, null, CompletionFilter.Any, null);

    /// <returns>The filters, and the names of parameters that could not be read (those are ignored).</returns>
    public static (ResponseFilters Filters, IReadOnlyList<string> Invalid) Parse(IQueryCollection query)
    {
        var invalid = new List<string>();
        var from = ParseDay(query, "from", invalid);
        var to = ParseDay(query, "to", invalid);
        var channel = query["channel"].ToString().Trim();
        var completion = query["completion"].ToString() switch
        {
            "" or "all" => CompletionFilter.Any,
            "completed" => CompletionFilter.Completed,
            "incomplete" => CompletionFilter.NotCompleted,
            _ => Invalid(invalid, "completion"),
        };
        var search = query["q"].ToString().Trim();
        var campaign = query["campaign"].ToString().Trim();
        if (campaign.Length > 0 && !CampaignLabel.IsValid(campaign))
        {
            invalid.Add("campaign");
            campaign = "";
        }

        if (channel.Length > 64)
        {
            invalid.Add("channel");
            channel = "";
        }

        if (search.Length > 200)
        {
            search = search[..200];
        }

        return (new ResponseFilters(from, to, channel.Length == 0 ? null : channel, completion, search.Length == 0 ? null : search,
            campaign.Length == 0 ? null : campaign), invalid);
    }

    public ResponseQuery ToQuery(string surveyId, TimeZoneInfo zone) =>
        new(surveyId,
            From is { } from ? StartOfDay(from, zone) : null,
            To is { } to ? StartOfDay(to.AddDays(1), zone) : null,
            Channel,
            Completion,
            Campaign);

    public string CompletionText => Completion switch
    {
        CompletionFilter.Completed => "completed",
        CompletionFilter.NotCompleted => "incomplete",
        _ => "all",
    };

    /// <summary>The filters as query parameters for links (empty ones are left out).</summary>
    public (string Key, string? Value)[] ToParameters(bool withSearch = true) =>
    [
        ("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("channel", Channel),
        ("completion", Completion == CompletionFilter.Any ? null : CompletionText),
        ("campaign", Campaign),
        ("q", withSearch ? Search : null),
    ];

    public bool Any => From is not null || To is not null || Channel is not null || Completion != CompletionFilter.Any || Campaign is not null;

    public bool Matches(string? text) =>
        Search is null || (text is not null && text.Contains(Search, StringComparison.OrdinalIgnoreCase));

    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static DateOnly? ParseDay(IQueryCollection query, string name, List<string> invalid)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        invalid.Add(name);
        return null;
    }

    private static CompletionFilter Invalid(List<string> invalid, string name)
    {
        invalid.Add(name);
        return CompletionFilter.Any;
    }
}
