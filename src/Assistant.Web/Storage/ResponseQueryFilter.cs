using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Storage;

/// <summary>The WHERE clause of a staff report query over <c>survey_responses r</c>, the same SQL on both backends.</summary>
public static class ResponseQueryFilter
{
    /// <summary>
    /// Builds the clause with parameters named <paramref name="marker"/> + name (<c>$</c> for SQLite, <c>@</c> for
    /// PostgreSQL); <paramref name="addParameter"/> receives the bare name and the value, times through <paramref name="time"/>.
    /// </summary>
    public static string Where(ResponseQuery query, char marker, Func<DateTimeOffset, object> time, Action<string, object> addParameter)
    {
        var clauses = new List<string> { $"r.survey_id = {marker}survey" };
        addParameter("survey", query.SurveyId);
        if (query.From is { } from)
        {
            clauses.Add($"r.started_at >= {marker}from");
            addParameter("from", time(from));
        }

        if (query.Before is { } before)
        {
            clauses.Add($"r.started_at < {marker}before");
            addParameter("before", time(before));
        }

        if (query.Channel is { } channel)
        {
            clauses.Add($"r.channel = {marker}channel");
            addParameter("channel", channel);
        }

        if (query.Campaign is { } campaign)
        {
            clauses.Add($"r.campaign = {marker}campaign");
            addParameter("campaign", campaign);
        }

        switch (query.Completion)
        {
            case CompletionFilter.Completed:
                clauses.Add("r.status = 'completed'");
                break;
            case CompletionFilter.NotCompleted:
                clauses.Add("r.status <> 'completed'");
                break;
        }

        return string.Join(" AND ", clauses);
    }
}
