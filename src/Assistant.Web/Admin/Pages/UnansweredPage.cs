using System.Globalization;
using System.Text;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Admin.Unanswered;

namespace Assistant.Web.Admin.Pages;

/// <summary>
/// The queue of questions the assistant could not answer, with the best candidates the matcher found. Admins mark one as
/// out of scope or assign it to an entry, which makes it a suggested sample question; the suggestions are exported as
/// YAML lines for <c>dialogs/knowledge/</c>.
/// </summary>
public static class UnansweredPage
{
    public const int PageSize = 50;

    private static readonly (string Key, UnansweredQueueFilter Filter)[] Filters =
    [
        ("waiting", UnansweredQueueFilter.Waiting),
        ("assigned", UnansweredQueueFilter.Assigned),
        ("out-of-scope", UnansweredQueueFilter.OutOfScope),
        ("all", UnansweredQueueFilter.All),
    ];

    public static async Task<IResult> ShowAsync(HttpContext http, IUnansweredReviewStore review, IKnowledgeSource knowledge,
        CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var statusKey = Filters.Any(f => f.Key == http.Request.Query["status"]) ? http.Request.Query["status"].ToString() : "waiting";
        var filter = Filters.First(f => f.Key == statusKey).Filter;
        var page = int.TryParse(http.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var counts = await review.CountAsync(cancellationToken);
        var items = await review.ListAsync(filter, (page - 1) * PageSize, PageSize + 1, cancellationToken);
        var kb = knowledge.Current.Knowledge;
        var entryIds = kb.Entries.Where(e => e.Kind == KnowledgeKind.Topic).Select(e => e.Id).Order(StringComparer.Ordinal).ToList();

        var tabs = Filters.Select(f =>
        {
            var count = f.Filter switch
            {
                UnansweredQueueFilter.Waiting => counts.Waiting,
                UnansweredQueueFilter.Assigned => counts.Assigned,
                UnansweredQueueFilter.OutOfScope => counts.OutOfScope,
                _ => counts.Total,
            };
            var label = $"{view.T("unanswered.filter-" + f.Key)} ({view.Number(count)})";
            return f.Key == statusKey
                ? Html.Of($"<a href=\"/admin/unanswered?status={f.Key}\" aria-current=\"page\">{label}</a>")
                : Html.Of($"<a href=\"/admin/unanswered?status={f.Key}\">{label}</a>");
        });

        var rows = items.Take(PageSize).Select(item => Row(view, item, kb, entryIds, statusKey));
        var pager = Html.Of($"""
            <nav class="pager">
            {(page > 1 ? Html.Of($"<a href=\"{AdminUrl.With("/admin/unanswered", ("status", statusKey), ("page", (page - 1).ToString(CultureInfo.InvariantCulture)))}\" rel=\"prev\">← {view.T("pager.previous")}</a>") : Html.Empty)}
            {(items.Count > PageSize ? Html.Of($"<a href=\"{AdminUrl.With("/admin/unanswered", ("status", statusKey), ("page", (page + 1).ToString(CultureInfo.InvariantCulture)))}\" rel=\"next\">{view.T("pager.next")} →</a>") : Html.Empty)}
            </nav>
            """);
        var readOnly = view.IsAdmin ? Html.Empty : Html.Of($"<p class=\"muted\">{view.T("unanswered.reviewer-note")}</p>");
        var body = Html.Of($"""
            <p class="lead">{view.T("unanswered.lead")}</p>
            <nav class="tabs">{tabs}</nav>
            <p class="actions"><a class="button secondary" href="/admin/unanswered/suggestions">{view.T("unanswered.suggestions-link")}</a></p>
            {readOnly}
            <table class="data queue">
            <thead><tr><th>{view.T("unanswered.asked")}</th><th>{view.T("unanswered.question")}</th><th>{view.T("unanswered.candidates")}</th><th>{view.T("unanswered.decision")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            {(items.Count == 0 ? Html.Of($"<p class=\"muted\">{view.T("unanswered.empty")}</p>") : Html.Empty)}
            {pager}
            """);
        return view.Page(view.T("unanswered.title"), body, "unanswered");
    }

    public static async Task<IResult> AssignAsync(HttpContext http, Guid questionId, IUnansweredReviewStore review,
        IKnowledgeSource knowledge, IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var entryId = form["entryId"].ToString();
        if (knowledge.Current.Knowledge.Find(entryId) is null)
        {
            var view = new AdminView(http);
            return view.Page(view.T("unanswered.title"), Html.Of($"<p class=\"error\">{view.T("unanswered.unknown-entry")}</p><p><a href=\"/admin/unanswered\">{view.T("unanswered.title")}</a></p>"),
                "unanswered", StatusCodes.Status400BadRequest);
        }

        return await DecideAsync(http, form, questionId, UnansweredOutcome.Assigned, entryId, review, audit, clock, cancellationToken);
    }

    public static async Task<IResult> OutOfScopeAsync(HttpContext http, Guid questionId, IUnansweredReviewStore review,
        IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        return await DecideAsync(http, form, questionId, UnansweredOutcome.OutOfScope, null, review, audit, clock, cancellationToken);
    }

    public static async Task<IResult> ReopenAsync(HttpContext http, Guid questionId, IUnansweredReviewStore review,
        IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        await review.ReopenAsync(questionId, cancellationToken);
        await audit.AppendAsync(new AuditEntry(clock.GetUtcNow(), http.User.Identity!.Name!, "unanswered.reopen", questionId.ToString(), null),
            cancellationToken);
        return Results.Redirect(BackTo(form));
    }

    public static async Task<IResult> SuggestionsAsync(HttpContext http, IUnansweredReviewStore review, IKnowledgeSource knowledge,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var kb = knowledge.Current.Knowledge;
        var all = await review.ListSuggestionsAsync(cancellationToken);
        var (toAdd, present) = SuggestionYaml.Split(all, kb);
        var yaml = SuggestionYaml.Write(toAdd, kb, clock.GetUtcNow());
        var presentList = present.Count == 0
            ? Html.Empty
            : Html.Of($"""
                <h2>{view.T("suggestions.present")}</h2>
                <ul>{present.Select(s => Html.Of($"<li><code>{s.Resolution!.EntryId}</code> — {Html.User(s.Question.Text, 300)}</li>"))}</ul>
                """);
        var markForm = view.IsAdmin && all.Count > 0
            ? Html.Of($"""
                <form method="post" action="/admin/unanswered/suggestions/added" class="inline">
                {view.Antiforgery()}
                {all.Select(s => Html.Of($"<input type=\"hidden\" name=\"id\" value=\"{s.Question.Id}\">"))}
                <button type="submit">{view.T("suggestions.mark-added", all.Count)}</button>
                </form>
                """)
            : Html.Empty;
        var body = Html.Of($"""
            <p class="lead">{view.T("suggestions.lead")}</p>
            <p class="actions"><a class="button" href="/admin/unanswered/suggestions.yaml" download>{view.T("suggestions.download")}</a> {markForm}</p>
            <pre class="yaml">{yaml}</pre>
            {presentList}
            <p><a href="/admin/unanswered">← {view.T("unanswered.title")}</a></p>
            """);
        return view.Page(view.T("suggestions.title"), body, "unanswered");
    }

    public static async Task<IResult> SuggestionsYamlAsync(IUnansweredReviewStore review, IKnowledgeSource knowledge,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var kb = knowledge.Current.Knowledge;
        var now = clock.GetUtcNow();
        var (toAdd, _) = SuggestionYaml.Split(await review.ListSuggestionsAsync(cancellationToken), kb);
        var bytes = Encoding.UTF8.GetBytes(SuggestionYaml.Write(toAdd, kb, now));
        return Results.File(bytes, "application/yaml; charset=utf-8",
            $"knowledge-suggestions-{now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.yaml");
    }

    public static async Task<IResult> MarkAddedAsync(HttpContext http, IUnansweredReviewStore review, IAuditLogStore audit,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var ids = form["id"].Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        var marked = await review.MarkAddedAsync(ids, clock.GetUtcNow(), cancellationToken);
        await audit.AppendAsync(new AuditEntry(clock.GetUtcNow(), http.User.Identity!.Name!, "unanswered.suggestions-added",
            "knowledge", "count=" + marked.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        return Results.Redirect("/admin/unanswered/suggestions");
    }

    private static async Task<IResult> DecideAsync(HttpContext http, IFormCollection form, Guid questionId, UnansweredOutcome outcome,
        string? entryId, IUnansweredReviewStore review, IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = http.User.Identity!.Name!;
        var now = clock.GetUtcNow();
        try
        {
            await review.ResolveAsync(new UnansweredResolution(questionId, outcome, entryId, actor, now), cancellationToken);
        }
        catch (InvalidOperationException)
        {
            var view = new AdminView(http);
            return view.Page(view.T("unanswered.title"), Html.Of($"<p class=\"error\">{view.T("unanswered.missing")}</p>"), "unanswered",
                StatusCodes.Status404NotFound);
        }

        await audit.AppendAsync(new AuditEntry(now, actor,
            outcome == UnansweredOutcome.Assigned ? "unanswered.assign" : "unanswered.out-of-scope",
            questionId.ToString(), entryId is null ? null : "entry=" + entryId), cancellationToken);
        return Results.Redirect(BackTo(form));
    }

    private static string BackTo(IFormCollection form)
    {
        var status = form["status"].ToString();
        return Filters.Any(f => f.Key == status) ? "/admin/unanswered?status=" + status : "/admin/unanswered";
    }

    private static Html Row(AdminView view, ReviewedQuestion item, KnowledgeBase kb, IReadOnlyList<string> entryIds, string statusKey)
    {
        var question = item.Question;
        var candidates = question.Candidates.Select(c =>
        {
            var entry = kb.Find(c.Id);
            var sample = entry?.In(question.Language).Questions is { Count: > 0 } samples ? samples[0] : "";
            return Html.Of($"<li><code>{c.Id}</code> <span class=\"score\">{c.Score.ToString("0.00", CultureInfo.InvariantCulture)}</span><div class=\"muted small\">{sample}</div></li>");
        });
        var decision = item.Resolution switch
        {
            null => Html.Of($"<span class=\"badge waiting\">{view.T("unanswered.filter-waiting")}</span>"),
            { Outcome: UnansweredOutcome.Assigned } r => Html.Of($"<span class=\"badge assigned\">{view.T("unanswered.assigned-to")}</span> <code>{r.EntryId}</code><div class=\"muted small\">{r.ResolvedBy}, {view.Time(r.ResolvedAt)}{(r.AddedAt is null ? "" : " · " + view.T("unanswered.added"))}</div>"),
            { } r => Html.Of($"<span class=\"badge out\">{view.T("unanswered.filter-out-of-scope")}</span><div class=\"muted small\">{r.ResolvedBy}, {view.Time(r.ResolvedAt)}</div>"),
        };
        var actions = view.IsAdmin ? Actions(view, item, entryIds, statusKey) : Html.Empty;
        return Html.Of($"""
            <tr id="q-{question.Id}">
            <td class="small">{view.Time(question.AskedAt)}<div class="muted">{view.ChannelName(question.Channel)} · {question.Language}</div></td>
            <td class="text">{Html.User(question.Text, 1000)}</td>
            <td><ul class="candidates">{candidates}</ul></td>
            <td>{decision}{actions}</td>
            </tr>
            """);
    }

    private static Html Actions(AdminView view, ReviewedQuestion item, IReadOnlyList<string> entryIds, string statusKey)
    {
        var id = item.Question.Id;
        var preferred = item.Resolution?.EntryId ?? (item.Question.Candidates.Count > 0 ? item.Question.Candidates[0].Id : null);
        var options = entryIds.Select(e => e == preferred
            ? Html.Of($"<option value=\"{e}\" selected>{e}</option>")
            : Html.Of($"<option value=\"{e}\">{e}</option>"));
        var reopen = item.Resolution is null
            ? Html.Empty
            : Html.Of($"""
                <form method="post" action="/admin/unanswered/{id}/reopen" class="inline">{view.Antiforgery()}<input type="hidden" name="status" value="{statusKey}"><button type="submit" class="link">{view.T("unanswered.reopen")}</button></form>
                """);
        return Html.Of($"""
            <form method="post" action="/admin/unanswered/{id}/assign" class="assign">{view.Antiforgery()}<input type="hidden" name="status" value="{statusKey}">
            <select name="entryId" aria-label="{view.T("unanswered.entry")}">{options}</select>
            <button type="submit">{view.T("unanswered.assign")}</button>
            </form>
            <form method="post" action="/admin/unanswered/{id}/out-of-scope" class="inline">{view.Antiforgery()}<input type="hidden" name="status" value="{statusKey}"><button type="submit" class="secondary">{view.T("unanswered.out-of-scope")}</button></form>
            {reopen}
            """);
    }
}
