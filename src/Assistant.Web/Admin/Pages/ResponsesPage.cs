using System.Globalization;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Reports;
using Assistant.Core.Surveys.Invitations;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Pages;

/// <summary>
/// Individual responses: a paged table (the pseudonymous participant key shortened; channel user ids are never stored
/// with responses, so never shown) and one response's answers in the order of the questions.
/// </summary>
public static class ResponsesPage
{
    public const int PageSize = 50;

    public static async Task<IResult> ListAsync(HttpContext http, string surveyId, ISurveySource surveys, IStaffReportStore reports,
        IInvitationStore invitations, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        if (surveys.Current.Find(surveyId) is not { } survey)
        {
            return SurveyResultsPage.NotFound(view);
        }

        var (filters, invalid) = ResponseFilters.Parse(http.Request.Query);
        var page = int.TryParse(http.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var query = filters.ToQuery(survey.Id, view.Zone);
        var total = await reports.CountAsync(query, cancellationToken);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Min(page, pages);
        var items = await reports.ListAsync(query, (page - 1) * PageSize, PageSize, cancellationToken);
        var channels = await SurveyResultsPage.ChannelsAsync(reports, survey.Id, clock, cancellationToken);
        var campaigns = (await invitations.CountCampaignsAsync(survey.Id, cancellationToken)).Select(c => c.Campaign).ToList();
        var id = AdminUrl.Segment(survey.Id);
        var rows = items.Select(r => Html.Of($"""
            <tr>
            <td><a href="/admin/surveys/{id}/responses/{r.Id}">{ShortId(r.Id)}</a></td>
            <td>{view.Time(r.StartedAt)}</td>
            <td>{(r.CompletedAt is { } done ? view.Time(done) : "—")}</td>
            <td>{view.T("status." + r.Status)}</td>
            <td>{view.ChannelName(r.Channel)}</td>
            <td>{r.Campaign ?? "—"}</td>
            <td><code>{ShortKey(r.ParticipantKey, view)}</code></td>
            <td class="num">{r.SurveyVersion}</td>
            </tr>
            """));
        var parameters = filters.ToParameters(withSearch: false);
        var pager = Html.Of($"""
            <nav class="pager">
            {(page > 1 ? Html.Of($"<a href=\"{AdminUrl.With($"/admin/surveys/{id}/responses", [.. parameters, ("page", (page - 1).ToString(CultureInfo.InvariantCulture))])}\" rel=\"prev\">← {view.T("pager.previous")}</a>") : Html.Empty)}
            <span>{view.T("pager.page", page, pages)}</span>
            {(page < pages ? Html.Of($"<a href=\"{AdminUrl.With($"/admin/surveys/{id}/responses", [.. parameters, ("page", (page + 1).ToString(CultureInfo.InvariantCulture))])}\" rel=\"next\">{view.T("pager.next")} →</a>") : Html.Empty)}
            </nav>
            """);
        var body = Html.Of($"""
            <p><a href="{AdminUrl.With($"/admin/surveys/{id}", parameters)}">← {survey.Title.Get(view.Lang)}</a></p>
            {SurveyResultsPage.FilterForm(view, $"/admin/surveys/{id}/responses", filters, channels, invalid, withSearch: false,
                campaigns: campaigns)}
            <p>{view.T("responses.total", view.Number(total))}</p>
            <table class="data">
            <thead><tr><th>{view.T("responses.id")}</th><th>{view.T("responses.started")}</th><th>{view.T("responses.completed")}</th><th>{view.T("responses.status")}</th><th>{view.T("filter.channel")}</th><th>{view.T("filter.campaign")}</th><th>{view.T("responses.participant")}</th><th class="num">{view.T("responses.version")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            {pager}
            """);
        return view.Page(view.T("responses.title"), body, "dashboard");
    }

    public static async Task<IResult> ShowAsync(HttpContext http, string surveyId, Guid responseId, ISurveySource surveys,
        ISurveyResponseStore responses, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var response = await responses.GetAsync(responseId, cancellationToken);
        if (response is null || response.SurveyId != surveyId)
        {
            return view.Page(view.T("responses.not-found"), Html.Of($"<p><a href=\"/admin\">{view.T("nav.dashboard")}</a></p>"), "dashboard",
                StatusCodes.Status404NotFound);
        }

        var survey = surveys.Current.Find(surveyId);
        var answers = await responses.GetAnswersAsync(responseId, cancellationToken);
        var order = survey?.Questions.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal) ?? [];
        var rows = answers
            .OrderBy(a => order.GetValueOrDefault(a.QuestionId, int.MaxValue))
            .ThenBy(a => a.AnsweredAt)
            .Select(a =>
            {
                var question = survey?.Find(a.QuestionId);
                return Html.Of($"""
                    <tr><th scope="row">{(question is null ? Html.Of($"<code>{a.QuestionId}</code>") : Html.Of($"{question.Text.Get(view.Lang)}<div class=\"muted small\">{a.QuestionId}</div>"))}</th>
                    <td>{AnswerText(view, question, a.ValueJson)}</td><td class="small">{view.Time(a.AnsweredAt)}</td></tr>
                    """);
            });
        var id = AdminUrl.Segment(surveyId);
        var body = Html.Of($"""
            <p><a href="/admin/surveys/{id}/responses">← {view.T("responses.title")}</a></p>
            <dl class="facts">
            <dt>{view.T("responses.id")}</dt><dd><code>{response.Id}</code></dd>
            <dt>{view.T("dashboard.survey")}</dt><dd>{survey?.Title.Get(view.Lang) ?? surveyId} (v{response.SurveyVersion})</dd>
            <dt>{view.T("responses.status")}</dt><dd>{view.T("status." + response.Status)}</dd>
            <dt>{view.T("filter.channel")}</dt><dd>{view.ChannelName(response.Channel)}</dd>
            <dt>{view.T("responses.started")}</dt><dd>{view.Time(response.StartedAt)}</dd>
            <dt>{view.T("responses.completed")}</dt><dd>{(response.CompletedAt is { } done ? view.Time(done) : "—")}</dd>
            <dt>{view.T("responses.participant")}</dt><dd><code>{ShortKey(response.ParticipantKey, view)}</code></dd>
            </dl>
            <table class="data answers"><thead><tr><th>{view.T("responses.question")}</th><th>{view.T("responses.answer")}</th><th>{view.T("responses.answered-at")}</th></tr></thead>
            <tbody>{rows}</tbody></table>
            """);
        return view.Page(view.T("responses.one"), body, "dashboard");
    }

    /// <summary>Enough of the key to tell participants apart on screen; the full key is only used for look-up.</summary>
    public static string ShortKey(string? key, AdminView view) =>
        key is null ? view.T("responses.anonymous") : key.Length > 10 ? key[..10] + "…" : key;

    public static string ShortId(Guid id) => id.ToString("N")[..8];

    /// <summary>An answer in words: option labels, the "other" text, the number or the text itself.</summary>
    public static Html AnswerText(AdminView view, SurveyQuestion? question, string valueJson)
    {
        var value = SurveyResults.Read(valueJson);
        if (value.Skipped == true)
        {
            return Html.Of($"<span class=\"muted\">{view.T("answer.skipped")}</span>");
        }

        var parts = new List<Html>();
        IReadOnlyList<string> options = value.Option is { } one ? [one] : value.Options ?? [];
        foreach (var option in options.Where(o => o != SurveyAnswerValue.OtherOptionId || value.Other is null))
        {
            parts.Add(Html.User(OptionLabel(view, question, option), 500));
        }

        if (value.Other is { } other)
        {
            parts.Add(Html.Of($"<span class=\"muted\">{view.T("answer.other")}:</span> {Html.User(other)}"));
        }

        if (value.Value is { } number)
        {
            parts.Add(Html.Text(number.ToString(CultureInfo.InvariantCulture)));
        }

        if (value.Text is { } text)
        {
            parts.Add(Html.User(text));
        }

        return Html.Join(parts.Select((p, i) => i == 0 ? p : Html.Of($"; {p}")));
    }

    private static string OptionLabel(AdminView view, SurveyQuestion? question, string option) =>
        option switch
        {
            "yes" when question?.Type == QuestionType.YesNo => view.T("answer.yes"),
            "no" when question?.Type == QuestionType.YesNo => view.T("answer.no"),
            SurveyAnswerValue.OtherOptionId => view.T("answer.other"),
            _ => question?.Options.FirstOrDefault(o => o.Id == option)?.Text.Get(view.Lang) ?? option,
        };
}
