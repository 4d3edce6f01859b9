using System.Globalization;
using System.Text.RegularExpressions;
using Assistant.Core.Surveys;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Pages;

/// <summary>
/// Look a participant up by the key <c>/mydata</c> shows them, see what is stored, and (admins) erase it. Every erasure
/// is written to the audit log with who and when.
/// </summary>
public static partial class ParticipantsPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, ISurveySource surveys, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var store = http.RequestServices.GetService<IPrivacyStore>();
        var asked = http.Request.Query["key"].ToString().Trim();
        var key = NormalizeKey(asked);
        Html result;
        if (store is null)
        {
            result = Html.Of($"<p class=\"warning\">{view.T("participants.unavailable")}</p>");
        }
        else if (asked.Length == 0)
        {
            result = Html.Empty;
        }
        else if (key is null)
        {
            result = Html.Of($"<p class=\"error\" role=\"alert\">{view.T("participants.bad-key")}</p>");
        }
        else
        {
            result = Data(view, surveys.Current, key, await store.ExportAsync(key, cancellationToken));
        }

        return view.Page(view.T("participants.title"), Lookup(view, asked) + result, "participants");
    }

    public static async Task<IResult> EraseAsync(HttpContext http, IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var key = NormalizeKey(form["key"].ToString());
        var store = http.RequestServices.GetService<IPrivacyStore>();
        if (store is null || key is null || form["confirm"] != "yes")
        {
            var problem = store is null ? "participants.unavailable" : key is null ? "participants.bad-key" : "participants.confirm-missing";
            return view.Page(view.T("participants.title"), Lookup(view, form["key"].ToString()) + Html.Of($"<p class=\"error\" role=\"alert\">{view.T(problem)}</p>"),
                "participants", StatusCodes.Status400BadRequest);
        }

        var rows = await store.EraseAsync(key, cancellationToken);
        var actor = http.User.Identity!.Name!;
        var now = clock.GetUtcNow();
        await audit.AppendAsync(new AuditEntry(now, actor, "participant.erase", key, "rows=" + rows.ToString(CultureInfo.InvariantCulture)),
            cancellationToken);
        return view.Page(view.T("participants.title"),
            Lookup(view, "") + Html.Of($"<p class=\"success\" role=\"status\">{view.T("participants.erased", key, view.Number(rows), actor, view.Time(now))}</p>"),
            "participants");
    }

    /// <summary>The key as <see cref="ParticipantKeys"/> makes it: <c>p_</c> and 32 hexadecimal digits.</summary>
    public static string? NormalizeKey(string? text)
    {
        var key = text?.Trim().ToLowerInvariant();
        return key is not null && KeyPattern().IsMatch(key) ? key : null;
    }

    private static Html Lookup(AdminView view, string asked) => Html.Of($"""
        <p class="lead">{view.T("participants.lead")}</p>
        <form method="get" action="/admin/participants" class="filters">
        <label class="wide">{view.T("participants.key")}<input name="key" value="{asked}" maxlength="80" placeholder="p_…" spellcheck="false" autocomplete="off"></label>
        <button type="submit">{view.T("participants.find")}</button>
        </form>
        """);

    private static Html Data(AdminView view, SurveyCatalog catalog, string key, ParticipantData data)
    {
        if (data.Consents.Count == 0 && data.Responses.Count == 0 && data.Conversations.Count == 0 && data.TranscriptEntries == 0)
        {
            return Html.Of($"<p>{view.T("participants.nothing", key)}</p>");
        }

        var consents = data.Consents.Select(c => Html.Of($"""
            <tr><td>{catalog.Find(c.SurveyId)?.Title.Get(view.Lang) ?? c.SurveyId}</td><td class="num">{c.ConsentVersion}</td><td>{view.ChannelName(c.Channel)}</td><td>{view.Time(c.At)}</td></tr>
            """));
        var responses = data.Responses.Select(r =>
        {
            var survey = catalog.Find(r.Response.SurveyId);
            var answers = r.Answers.Select(a => Html.Of($"<li><span class=\"muted\">{survey?.Find(a.QuestionId)?.Text.Get(view.Lang) ?? a.QuestionId}:</span> {ResponsesPage.AnswerText(view, survey?.Find(a.QuestionId), a.ValueJson)}</li>"));
            return Html.Of($"""
                <tr><td>{survey?.Title.Get(view.Lang) ?? r.Response.SurveyId}</td><td>{view.T("status." + r.Response.Status)}</td><td>{view.ChannelName(r.Response.Channel)}</td><td>{view.Time(r.Response.StartedAt)}</td>
                <td><ul class="answers">{answers}</ul></td></tr>
                """);
        });
        var conversations = data.Conversations.Select(c => Html.Of($"""
            <tr><td>{view.ChannelName(c.Channel)}</td><td><code>{Mask(c.ConversationId)}</code></td><td>{view.Time(c.FirstSeen)}</td></tr>
            """));
        var erase = view.IsAdmin
            ? Html.Of($"""
                <form method="post" action="/admin/participants/erase" class="card danger">
                {view.Antiforgery()}
                <input type="hidden" name="key" value="{key}">
                <h2>{view.T("participants.erase-title")}</h2>
                <p>{view.T("participants.erase-text")}</p>
                <label class="check"><input type="checkbox" name="confirm" value="yes" required>{view.T("participants.erase-confirm", key)}</label>
                <button type="submit" class="danger">{view.T("participants.erase")}</button>
                </form>
                """)
            : Html.Of($"<p class=\"muted\">{view.T("participants.reviewer-note")}</p>");
        return Html.Of($"""
            <h2>{view.T("participants.stored", key)}</h2>
            <h3>{view.T("participants.consents")} ({data.Consents.Count})</h3>
            <table class="data compact"><thead><tr><th>{view.T("dashboard.survey")}</th><th class="num">{view.T("participants.notice-version")}</th><th>{view.T("filter.channel")}</th><th>{view.T("participants.when")}</th></tr></thead><tbody>{consents}</tbody></table>
            <h3>{view.T("participants.responses")} ({data.Responses.Count})</h3>
            <table class="data"><thead><tr><th>{view.T("dashboard.survey")}</th><th>{view.T("responses.status")}</th><th>{view.T("filter.channel")}</th><th>{view.T("responses.started")}</th><th>{view.T("responses.answer")}</th></tr></thead><tbody>{responses}</tbody></table>
            <h3>{view.T("participants.conversations")} ({data.Conversations.Count})</h3>
            <table class="data compact"><thead><tr><th>{view.T("filter.channel")}</th><th>{view.T("participants.conversation")}</th><th>{view.T("participants.first-seen")}</th></tr></thead><tbody>{conversations}</tbody></table>
            <p>{view.T("participants.transcripts", view.Number(data.TranscriptEntries))}</p>
            {erase}
            """);
    }

    /// <summary>Conversation ids can be channel ids (a Telegram chat id is the user's id): show only their start.</summary>
    private static string Mask(string id) => id.Length <= 4 ? "…" : id[..4] + "…";

    [GeneratedRegex("^p_[0-9a-f]{32}$")]
    private static partial Regex KeyPattern();
}
