using Assistant.Core.Surveys.Publications;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Pages;

/// <summary>Per survey: started, completed, completion rate, last 7/30 days, by channel; knowledge: asked, answered, waiting.</summary>
public static class DashboardPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, ISurveySource surveys, IStaffReportStore reports,
        IUnansweredReviewStore unanswered, ISurveyPublicationStore publications, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var now = clock.GetUtcNow();
        var closedByStaff = (await publications.ListAsync(cancellationToken)).Where(p => p.ClosedAt is not null)
            .Select(p => p.SurveyId).ToHashSet(StringComparer.Ordinal);
        var rows = await reports.CountResponsesAsync(now.AddDays(-7), now.AddDays(-30), cancellationToken);
        var catalog = surveys.Current;
        var ids = catalog.All.Select(s => s.Id).Concat(rows.Select(r => r.SurveyId)).Distinct(StringComparer.Ordinal).ToList();

        var surveyRows = ids.Select(id =>
        {
            var definition = catalog.Find(id);
            var mine = rows.Where(r => r.SurveyId == id).ToList();
            var started = mine.Sum(r => r.Count);
            var completed = mine.Where(r => r.Status == ResponseStatus.Completed).Sum(r => r.Count);
            var channels = mine.GroupBy(r => r.Channel)
                .OrderByDescending(g => g.Sum(r => r.Count))
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Html.Of($"<span class=\"chip\">{view.ChannelName(g.Key)}: {view.Number(g.Sum(r => r.Count))}</span>"));
            var title = definition?.Title.Get(view.Lang) ?? id;
            var state = definition is null
                ? view.T("survey.removed")
                : definition.IsOpen(now) && !closedByStaff.Contains(id) ? view.T("survey.open") : view.T("survey.closed");
            return Html.Of($"""
                <tr>
                <td><a href="/admin/surveys/{AdminUrl.Segment(id)}">{title}</a><div class="muted small">{id} · {state}</div></td>
                <td class="num">{view.Number(started)}</td>
                <td class="num">{view.Number(completed)}</td>
                <td class="num">{(started == 0 ? "—" : view.Percent((double)completed / started))}</td>
                <td class="num">{view.Number(mine.Sum(r => r.Last7Days))}</td>
                <td class="num">{view.Number(mine.Sum(r => r.Last30Days))}</td>
                <td>{channels}</td>
                </tr>
                """);
        }).ToList();

        var answered = await reports.CountKnowledgeAnswersAsync(cancellationToken);
        var queue = await unanswered.CountAsync(cancellationToken);
        var asked = answered + queue.Total;
        var body = Html.Of($"""
            <section>
            <h2>{view.T("dashboard.surveys")}</h2>
            <table class="data">
            <thead><tr><th>{view.T("dashboard.survey")}</th><th class="num">{view.T("dashboard.started")}</th><th class="num">{view.T("dashboard.completed")}</th><th class="num">{view.T("dashboard.completion-rate")}</th><th class="num">{view.T("dashboard.last7")}</th><th class="num">{view.T("dashboard.last30")}</th><th>{view.T("dashboard.by-channel")}</th></tr></thead>
            <tbody>{surveyRows}</tbody>
            </table>
            </section>
            <section>
            <h2>{view.T("dashboard.knowledge")}</h2>
            <dl class="stats">
            <div><dt>{view.T("dashboard.asked")}</dt><dd>{view.Number(asked)}</dd></div>
            <div><dt>{view.T("dashboard.answered-share")}</dt><dd>{(asked == 0 ? "—" : view.Percent((double)answered / asked))}</dd></div>
            <div><dt>{view.T("dashboard.waiting")}</dt><dd><a href="/admin/unanswered">{view.Number(queue.Waiting)}</a></dd></div>
            </dl>
            <p class="muted small">{view.T("dashboard.knowledge-note")}</p>
            </section>
            """);
        return view.Page(view.T("dashboard.title"), body, "dashboard");
    }
}
