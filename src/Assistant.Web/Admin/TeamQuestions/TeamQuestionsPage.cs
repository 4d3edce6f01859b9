using System.Globalization;
using System.Text;
using Assistant.Core.TeamQuestions;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Hosting;
using Assistant.Web.TeamQuestions;

namespace Assistant.Web.Admin.TeamQuestions;

/// <summary>
/// The inbox of questions citizens asked the team, and one question with its actions: assign, reply, "not our remit"
/// (with a pointer), "duplicate of" an answered question, and a draft knowledge entry from the answer. Reviewers read;
/// every action needs the admin role and is audited. Contact e-mails are shown to admins only and never exported.
/// </summary>
public static class TeamQuestionsPage
{
    public const int MaxReplyLength = 4000;
    private const int InboxSize = 200;

    private static readonly (string Key, TeamQuestionStatus[] Statuses)[] Filters =
    [
        ("open", [TeamQuestionStatus.Open]),
        ("closed", [TeamQuestionStatus.Answered, TeamQuestionStatus.NotOurRemit, TeamQuestionStatus.Duplicate]),
        ("all", Enum.GetValues<TeamQuestionStatus>()),
    ];

    public static void Map(RouteGroupBuilder staff, RouteGroupBuilder adminForms)
    {
        staff.MapGet("/questions", InboxAsync);
        staff.MapGet("/questions/{id:guid}", ShowAsync);
        staff.MapGet("/questions/{id:guid}/knowledge.yaml", DraftYamlAsync);
        adminForms.MapPost("/questions/{id:guid}/assign", AssignAsync);
        adminForms.MapPost("/questions/{id:guid}/answer", AnswerAsync);
        adminForms.MapPost("/questions/{id:guid}/not-our-remit", NotOurRemitAsync);
        adminForms.MapPost("/questions/{id:guid}/duplicate", DuplicateAsync);
    }

    public static async Task<IResult> InboxAsync(HttpContext http, ITeamQuestionStore questions, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var key = Filters.Any(f => f.Key == http.Request.Query["status"]) ? http.Request.Query["status"].ToString() : "open";
        var items = await questions.ListAsync(Filters.First(f => f.Key == key).Statuses, InboxSize, cancellationToken);
        var now = clock.GetUtcNow();
        var tabs = Filters.Select(f => f.Key == key
            ? Html.Of($"<a href=\"/admin/questions?status={f.Key}\" aria-current=\"page\">{T(view, "filter-" + f.Key)}</a>")
            : Html.Of($"<a href=\"/admin/questions?status={f.Key}\">{T(view, "filter-" + f.Key)}</a>"));
        var rows = items.Select(q => Html.Of($"""
            <tr id="q-{q.Id}">
            <td><a href="/admin/questions/{q.Id}">{q.Reference}</a></td>
            <td class="small">{Age(view, now - q.AskedAt)}<div class="muted">{view.Time(q.AskedAt)}</div></td>
            <td>{q.Language}</td>
            <td>{view.ChannelName(q.Channel)}</td>
            <td>{q.AssignedTo ?? T(view, "nobody")}</td>
            <td class="text">{Html.User(q.Text, 300)}</td>
            <td>{Status(view, q)}</td>
            </tr>
            """));
        var body = Html.Of($"""
            <p class="lead">{T(view, "lead")}</p>
            <nav class="tabs">{tabs}</nav>
            {(view.IsAdmin ? Html.Empty : Html.Of($"<p class=\"muted\">{T(view, "reviewer-note")}</p>"))}
            <table class="data queue">
            <thead><tr><th>{T(view, "reference")}</th><th>{T(view, "age")}</th><th>{T(view, "language")}</th><th>{T(view, "channel")}</th><th>{T(view, "assigned")}</th><th>{T(view, "question")}</th><th>{T(view, "status")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            {(items.Count == 0 ? Html.Of($"<p class=\"muted\">{T(view, "empty")}</p>") : Html.Empty)}
            """);
        return view.Page(T(view, "title"), body, "questions");
    }

    public static async Task<IResult> ShowAsync(HttpContext http, Guid id, ITeamQuestionStore questions, IStaffStore staff, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        return await questions.GetAsync(id, cancellationToken) is { } question
            ? await DetailAsync(view, question, staff, clock, null, null, StatusCodes.Status200OK, cancellationToken)
            : Missing(view);
    }

    public static async Task<IResult> DraftYamlAsync(Guid id, ITeamQuestionStore questions, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await questions.GetAsync(id, cancellationToken) is not { Status: TeamQuestionStatus.Answered, Reply: not null } question)
        {
            return Results.NotFound();
        }

        return Results.File(Encoding.UTF8.GetBytes(TeamKnowledgeDraft.Write(question, clock.GetUtcNow())), "application/yaml; charset=utf-8",
            $"knowledge-draft-{question.Reference}.yaml");
    }

    public static async Task<IResult> AssignAsync(HttpContext http, Guid id, ITeamQuestionStore questions, IStaffStore staff,
        IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var view = new AdminView(http);
        if (await questions.GetAsync(id, cancellationToken) is not { } question)
        {
            return Missing(view);
        }

        var assignee = form["assignee"].ToString().Trim();
        if (await staff.FindAsync(assignee, cancellationToken) is null)
        {
            return await DetailAsync(view, question, staff, clock, T(view, "unknown-staff"), null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        return await ChangeAsync(view, question, question with { AssignedTo = assignee, UpdatedAt = clock.GetUtcNow() }, "team-question.assign",
            "assignee=" + assignee, null, questions, staff, audit, clock, null, cancellationToken);
    }

    public static Task<IResult> AnswerAsync(HttpContext http, Guid id, ITeamQuestionStore questions, IStaffStore staff, IAuditLogStore audit,
        WakeSignal<TeamReplyDelivery> signal, TimeProvider clock, CancellationToken cancellationToken) =>
        CloseAsync(http, id, TeamQuestionStatus.Answered, "reply", "team-question.answer", questions, staff, audit, signal, clock, cancellationToken);

    public static Task<IResult> NotOurRemitAsync(HttpContext http, Guid id, ITeamQuestionStore questions, IStaffStore staff, IAuditLogStore audit,
        WakeSignal<TeamReplyDelivery> signal, TimeProvider clock, CancellationToken cancellationToken) =>
        CloseAsync(http, id, TeamQuestionStatus.NotOurRemit, "pointer", "team-question.not-our-remit", questions, staff, audit, signal, clock,
            cancellationToken);

    public static async Task<IResult> DuplicateAsync(HttpContext http, Guid id, ITeamQuestionStore questions, IStaffStore staff,
        IAuditLogStore audit, WakeSignal<TeamReplyDelivery> signal, TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var view = new AdminView(http);
        if (await questions.GetAsync(id, cancellationToken) is not { } question)
        {
            return Missing(view);
        }

        var typed = form["reference"].ToString();
        var reference = TeamQuestionReference.Parse(typed);
        var original = reference is null ? null : await questions.FindByReferenceAsync(reference, cancellationToken);
        string? error = null;
        if (question.IsClosed)
        {
            error = T(view, "not-open");
        }
        else if (original is not null && original.Id == question.Id)
        {
            error = T(view, "duplicate-self");
        }
        else if (original is not { Reply: not null, Status: TeamQuestionStatus.Answered or TeamQuestionStatus.NotOurRemit })
        {
            error = string.Format(view.Culture, TeamDeskTexts.Get(view.Lang, "duplicate-unknown"), typed.Trim());
        }

        if (error is not null)
        {
            return await DetailAsync(view, question, staff, clock, error, null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var closed = question with
        {
            Status = TeamQuestionStatus.Duplicate, DuplicateOf = original!.Reference, Reply = original.Reply, RepliedBy = view.UserName,
            RepliedAt = now, Delivery = TeamDelivery.Pending, DeliveryAt = now, UpdatedAt = now,
        };
        return await ChangeAsync(view, question, closed, "team-question.duplicate", "duplicate-of=" + original.Reference, null, questions, staff,
            audit, clock, signal, cancellationToken);
    }

    private static async Task<IResult> CloseAsync(HttpContext http, Guid id, TeamQuestionStatus status, string field, string action,
        ITeamQuestionStore questions, IStaffStore staff, IAuditLogStore audit, WakeSignal<TeamReplyDelivery> signal, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var view = new AdminView(http);
        if (await questions.GetAsync(id, cancellationToken) is not { } question)
        {
            return Missing(view);
        }

        var text = form[field].ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var error = question.IsClosed ? T(view, "not-open")
            : text.Length == 0 ? T(view, "reply-empty")
            : text.Length > MaxReplyLength ? string.Format(view.Culture, TeamDeskTexts.Get(view.Lang, "reply-too-long"), MaxReplyLength)
            : null;
        if (error is not null)
        {
            // The text comes back in the composer: nothing typed is lost.
            return await DetailAsync(view, question, staff, clock, error, (field, text), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var closed = question with
        {
            Status = status, Reply = text, RepliedBy = view.UserName, RepliedAt = now, DuplicateOf = null, Delivery = TeamDelivery.Pending,
            DeliveryAt = now, UpdatedAt = now, AssignedTo = question.AssignedTo ?? view.UserName,
        };
        return await ChangeAsync(view, question, closed, action, null, (field, text), questions, staff, audit, clock, signal, cancellationToken);
    }

    /// <summary>Saves against the version shown; a conflict shows the question again with the typed text kept.</summary>
    private static async Task<IResult> ChangeAsync(AdminView view, TeamQuestion before, TeamQuestion after, string action, string? details,
        (string Field, string Text)? typed, ITeamQuestionStore questions, IStaffStore staff, IAuditLogStore audit, TimeProvider clock,
        WakeSignal<TeamReplyDelivery>? signal, CancellationToken cancellationToken)
    {
        if (!await questions.UpdateAsync(after, before.Version, cancellationToken))
        {
            var current = await questions.GetAsync(before.Id, cancellationToken);
            return current is null
                ? Missing(view)
                : await DetailAsync(view, current, staff, clock, T(view, "changed"), typed, StatusCodes.Status409Conflict, cancellationToken);
        }

        await audit.AppendAsync(new AuditEntry(clock.GetUtcNow(), view.UserName!, action, before.Reference, details), cancellationToken);
        signal?.Wake();
        return Results.Redirect($"/admin/questions/{before.Id}");
    }

    private static async Task<IResult> DetailAsync(AdminView view, TeamQuestion q, IStaffStore staff, TimeProvider clock, string? error,
        (string Field, string Text)? typed, int statusCode, CancellationToken cancellationToken)
    {
        string Typed(string field) => typed is { } t && t.Field == field ? t.Text : "";
        var email = q.Email is null ? T(view, "email-none") : view.IsAdmin ? q.Email : T(view, "email-given");
        var reply = q.Reply is null
            ? Html.Empty
            : Html.Of($"""
                <h2>{(q.IsClosed ? T(view, "reply") : T(view, "previous-reply"))}</h2>
                <p class="text">{Html.User(q.Reply, MaxReplyLength)}</p>
                <p class="muted small">{T(view, "replied-by")}: {q.RepliedBy ?? ""}{(q.RepliedAt is { } at ? ", " + view.Time(at) : "")}{(q.DuplicateOf is { } d ? " · " + T(view, "duplicate") + " " + d : "")}</p>
                """);
        var actions = Html.Empty;
        if (view.IsAdmin)
        {
            var names = (await staff.ListAsync(cancellationToken)).Select(a => a.Name).ToList();
            var options = names.Select(n => n == (q.AssignedTo ?? view.UserName)
                ? Html.Of($"<option value=\"{n}\" selected>{n}</option>")
                : Html.Of($"<option value=\"{n}\">{n}</option>"));
            actions = Html.Of($"""
                <form method="post" action="/admin/questions/{q.Id}/assign" class="assign">{view.Antiforgery()}
                <label>{T(view, "assign-to")} <select name="assignee">{options}</select></label>
                <button type="submit" class="secondary">{T(view, "assign")}</button>
                </form>
                """);
            if (!q.IsClosed)
            {
                actions += Html.Of($"""
                    <h2>{T(view, "compose")}</h2>
                    <form method="post" action="/admin/questions/{q.Id}/answer">{view.Antiforgery()}
                    <p class="muted small">{T(view, "compose-hint")}</p>
                    <textarea name="reply" rows="8" cols="80" maxlength="{MaxReplyLength}" aria-label="{T(view, "compose")}">{Typed("reply")}</textarea>
                    <p><button type="submit">{T(view, "send")}</button></p>
                    </form>
                    <h2>{T(view, "not-our-remit")}</h2>
                    <form method="post" action="/admin/questions/{q.Id}/not-our-remit">{view.Antiforgery()}
                    <label>{T(view, "pointer")}<br><textarea name="pointer" rows="3" cols="80" maxlength="{MaxReplyLength}">{Typed("pointer")}</textarea></label>
                    <p><button type="submit" class="secondary">{T(view, "send-pointer")}</button></p>
                    </form>
                    <h2>{T(view, "duplicate")}</h2>
                    <form method="post" action="/admin/questions/{q.Id}/duplicate">{view.Antiforgery()}
                    <label>{T(view, "duplicate-of")} <input name="reference" size="10" maxlength="20"></label>
                    <button type="submit" class="secondary">{T(view, "send-duplicate")}</button>
                    </form>
                    """);
            }
        }
        else
        {
            actions = Html.Of($"<p class=\"muted\">{T(view, "reviewer-note")}</p>");
        }

        var draft = q is { Status: TeamQuestionStatus.Answered, Reply: not null }
            ? Html.Of($"""
                <h2>{T(view, "draft")}</h2>
                <p class="muted">{T(view, "draft-lead")}</p>
                <p><a class="button" href="/admin/questions/{q.Id}/knowledge.yaml" download>{T(view, "draft-download")}</a></p>
                <pre class="yaml">{TeamKnowledgeDraft.Write(q, clock.GetUtcNow())}</pre>
                """)
            : Html.Empty;
        var body = Html.Of($"""
            {(error is null ? Html.Empty : Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>"))}
            <dl class="facts">
            <dt>{T(view, "status")}</dt><dd>{Status(view, q)}</dd>
            <dt>{T(view, "asked")}</dt><dd>{view.Time(q.AskedAt)} ({Age(view, clock.GetUtcNow() - q.AskedAt)})</dd>
            <dt>{T(view, "language")}</dt><dd>{q.Language}</dd>
            <dt>{T(view, "channel")}</dt><dd>{view.ChannelName(q.Channel)}</dd>
            <dt>{T(view, "assigned")}</dt><dd>{q.AssignedTo ?? T(view, "nobody")}</dd>
            <dt>{T(view, "email")}</dt><dd>{email}</dd>
            </dl>
            <h2>{T(view, "question")}</h2>
            <p class="text">{Html.User(q.Text, 4000)}</p>
            {reply}
            {actions}
            {draft}
            <p><a href="/admin/questions">← {T(view, "back")}</a></p>
            """);
        return view.Page(q.Reference, body, "questions", statusCode);
    }

    private static Html Status(AdminView view, TeamQuestion q)
    {
        var status = q.Status == TeamQuestionStatus.Open && q.FollowUp == TeamFollowUp.Reopened
            ? "status-reopened"
            : "status-" + q.Status.ToString().ToLowerInvariant();
        var parts = new List<string> { T(view, status) };
        if (q.IsClosed)
        {
            parts.Add(T(view, "delivery-" + q.Delivery.ToString().ToLowerInvariant()));
        }

        if (q.FollowUp == TeamFollowUp.Thanked)
        {
            parts.Add(T(view, "followup-thanked"));
        }

        return Html.Of($"<span class=\"badge {(q.IsClosed ? "assigned" : "waiting")}\">{parts[0]}</span>{(parts.Count > 1 ? Html.Of($"<div class=\"muted small\">{string.Join(" · ", parts.Skip(1))}</div>") : Html.Empty)}");
    }

    private static string Age(AdminView view, TimeSpan age) => age.TotalHours >= 24
        ? string.Format(view.Culture, TeamDeskTexts.Get(view.Lang, "age-days"), (int)age.TotalDays)
        : string.Format(view.Culture, TeamDeskTexts.Get(view.Lang, "age-hours"), Math.Max(0, (int)age.TotalHours));

    private static IResult Missing(AdminView view) =>
        view.Page(T(view, "title"), Html.Of($"<p class=\"error\">{T(view, "missing")}</p><p><a href=\"/admin/questions\">{T(view, "back")}</a></p>"),
            "questions", StatusCodes.Status404NotFound);

    private static string T(AdminView view, string key) => TeamDeskTexts.Get(view.Lang, key);
}
