using System.Globalization;
using System.Text.Json;
using Assistant.Core.Subscriptions;
using Assistant.Core.Surveys.Publications;
using Assistant.Web.Admin.Announcements;
using Assistant.Web.Admin.Pages;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Reports;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Announcements;
using Assistant.Web.Hosting;

namespace Assistant.Web.Admin.Publications;

/// <summary>
/// <c>/admin/surveys/{surveyId}/publication</c>: whether the survey is open or closed and its results published, and
/// (admins) closing it now, publishing its results (worked out and protected at that moment, <see cref="PublishedResultsBuilder"/>)
/// with an optional announcement to the subscribers of results, taking them down, and the outcome note in both languages.
/// Reviewers see the page without the forms. Every change is in the audit log.
/// </summary>
public static class SurveyPublicationPage
{
    public const int MaxNoteLength = 4000;

    public static void Map(RouteGroupBuilder staff, RouteGroupBuilder adminForms)
    {
        staff.MapGet("/surveys/{surveyId}/publication", ShowAsync);
        adminForms.MapPost("/surveys/{surveyId}/publication/close", CloseAsync);
        adminForms.MapPost("/surveys/{surveyId}/publication/publish", PublishAsync);
        adminForms.MapPost("/surveys/{surveyId}/publication/unpublish", UnpublishAsync);
        adminForms.MapPost("/surveys/{surveyId}/publication/note", NoteAsync);
    }

    public static async Task<IResult> ShowAsync(HttpContext http, string surveyId, ISurveySource surveys, ISurveyPublicationStore publications,
        TimeProvider clock, CancellationToken cancellationToken) =>
        surveys.Current.Find(surveyId) is { } survey
            ? await PageAsync(http, survey, publications, clock, null, null, null, cancellationToken)
            : SurveyResultsPage.NotFound(new AdminView(http));

    public static async Task<IResult> CloseAsync(HttpContext http, string surveyId, ISurveySource surveys, ISurveyPublicationStore publications,
        IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        if (surveys.Current.Find(surveyId) is not { } survey)
        {
            return SurveyResultsPage.NotFound(view);
        }

        var now = clock.GetUtcNow();
        var closed = await publications.CloseAsync(survey.Id, view.UserName!, now, cancellationToken);
        if (closed)
        {
            await audit.AppendAsync(new AuditEntry(now, view.UserName!, "survey.close", survey.Id, null), cancellationToken);
        }

        return await PageAsync(http, survey, publications, clock, T(view, closed ? "done-close" : "done-already-closed"), null, null,
            cancellationToken);
    }

    public static async Task<IResult> PublishAsync(HttpContext http, string surveyId, ISurveySource surveys,
        ISurveyPublicationStore publications, IStaffReportStore reports, IAnnouncementStore announcements, WakeSignal<AnnouncementDelivery> signal,
        IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        if (surveys.Current.Find(surveyId) is not { } survey)
        {
            return SurveyResultsPage.NotFound(view);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var announce = form["announce"] == "yes";
        var draft = new AnnouncementDraft(announce, form["announce_bg"].ToString().Trim(), form["announce_en"].ToString().Trim());
        var now = clock.GetUtcNow();
        var publication = await publications.GetAsync(survey.Id, cancellationToken);
        if (!SurveyClosing.IsClosed(survey, publication, now))
        {
            return await PageAsync(http, survey, publications, clock, null, T(view, "publish-needs-closed"), draft, cancellationToken);
        }

        if (announce && (draft.Bg.Length == 0 || draft.En.Length == 0 || draft.Bg.Length > AnnouncementsPage.MaxTextLength
                || draft.En.Length > AnnouncementsPage.MaxTextLength))
        {
            return await PageAsync(http, survey, publications, clock, null,
                string.Format(view.Culture, T(view, "announce-empty"), AnnouncementsPage.MaxTextLength), draft, cancellationToken);
        }

        var results = await PublishedResultsBuilder.BuildAsync(survey, Ended(survey, publication, view.Zone), reports, now, cancellationToken);
        await publications.PublishAsync(survey.Id, PublicUrl(http, survey.Id), results.ToJson(), view.UserName!, now, cancellationToken);
        await audit.AppendAsync(new AuditEntry(now, view.UserName!, "survey.publish", survey.Id,
            JsonSerializer.Serialize(new { responses = results.Responses, announce })), cancellationToken);
        if (announce)
        {
            var announcement = new Announcement(Guid.NewGuid(), SubscriptionTopics.Results, draft.Bg, draft.En, null, view.UserName!, now, now);
            await announcements.AddAsync(announcement, cancellationToken);
            await audit.AppendAsync(new AuditEntry(now, view.UserName!, "announcement.create", announcement.Id.ToString(),
                JsonSerializer.Serialize(new { topic = announcement.Topic, survey = survey.Id, sendAt = now })), cancellationToken);
            signal.Wake();
        }

        return await PageAsync(http, survey, publications, clock, T(view, announce ? "done-publish-announced" : "done-publish"), null, null,
            cancellationToken);
    }

    public static async Task<IResult> UnpublishAsync(HttpContext http, string surveyId, ISurveySource surveys,
        ISurveyPublicationStore publications, IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        if (surveys.Current.Find(surveyId) is not { } survey)
        {
            return SurveyResultsPage.NotFound(view);
        }

        var now = clock.GetUtcNow();
        if (await publications.UnpublishAsync(survey.Id, view.UserName!, now, cancellationToken))
        {
            await audit.AppendAsync(new AuditEntry(now, view.UserName!, "survey.unpublish", survey.Id, null), cancellationToken);
        }

        return await PageAsync(http, survey, publications, clock, T(view, "done-unpublish"), null, null, cancellationToken);
    }

    public static async Task<IResult> NoteAsync(HttpContext http, string surveyId, ISurveySource surveys, ISurveyPublicationStore publications,
        IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        if (surveys.Current.Find(surveyId) is not { } survey)
        {
            return SurveyResultsPage.NotFound(view);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var bg = form["note_bg"].ToString().Trim();
        var en = form["note_en"].ToString().Trim();
        if (bg.Length > MaxNoteLength || en.Length > MaxNoteLength)
        {
            return await PageAsync(http, survey, publications, clock, null, string.Format(view.Culture, T(view, "note-too-long"), MaxNoteLength),
                null, cancellationToken, (bg, en));
        }

        var now = clock.GetUtcNow();
        await publications.SetNoteAsync(survey.Id, bg, en, view.UserName!, now, cancellationToken);
        await audit.AppendAsync(new AuditEntry(now, view.UserName!, "survey.note", survey.Id, null), cancellationToken);
        return await PageAsync(http, survey, publications, clock, T(view, "done-note"), null, null, cancellationToken);
    }

    /// <summary>The public page's address as people outside reach this server (the desk's own scheme and host).</summary>
    private static string PublicUrl(HttpContext http, string surveyId) =>
        $"{http.Request.Scheme}://{http.Request.Host}/results/{Uri.EscapeDataString(surveyId)}";

    /// <summary>The last day of the survey: its closes date, or the day staff closed it when that came first.</summary>
    private static DateOnly Ended(SurveyDefinition survey, SurveyPublication? publication, TimeZoneInfo zone)
    {
        if (publication?.ClosedAt is not { } closedAt)
        {
            return survey.Closes;
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(closedAt, zone).DateTime);
        return day < survey.Closes ? day : survey.Closes;
    }

    private static async Task<IResult> PageAsync(HttpContext http, SurveyDefinition survey, ISurveyPublicationStore publications, TimeProvider clock,
        string? notice, string? error, AnnouncementDraft? draft, CancellationToken cancellationToken, (string Bg, string En)? noteDraft = null)
    {
        var view = new AdminView(http);
        var now = clock.GetUtcNow();
        var publication = await publications.GetAsync(survey.Id, cancellationToken);
        var closed = SurveyClosing.IsClosed(survey, publication, now);
        var id = AdminUrl.Segment(survey.Id);
        var day = (DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var state = publication?.ClosedAt is { } closedAt
            ? string.Format(view.Culture, T(view, "closed-staff"), publication.ClosedBy, view.Time(closedAt))
            : closed ? string.Format(view.Culture, T(view, "closed-date"), day(survey.Closes))
            : survey.IsOpen(now) ? string.Format(view.Culture, T(view, "open"), day(survey.Closes))
            : string.Format(view.Culture, T(view, "not-yet-open"), day(survey.Opens));
        var published = publication is { IsPublished: true, ResultsUrl: { } url }
            ? Html.Of($"""<p class="published">{string.Format(view.Culture, T(view, "published"), publication.PublishedBy, view.Time(publication.PublishedAt!.Value))} <a href="{url}">{url}</a></p>""")
            : Html.Of($"<p class=\"not-published\">{T(view, "not-published")}</p>");
        var message = error is not null
            ? Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>")
            : notice is not null ? Html.Of($"<p class=\"success\" role=\"status\">{notice}</p>") : Html.Empty;
        var forms = view.IsAdmin
            ? AdminForms(view, survey, publication, closed, draft, noteDraft, PublicUrl(http, survey.Id))
            : Html.Of($"<p class=\"muted\">{T(view, "reviewer")}</p>{NoteView(view, publication)}");
        var body = Html.Of($"""
            <p class="lead">{T(view, "lead")}</p>
            <p><a href="/admin/surveys/{id}">{survey.Title.Get(view.Lang)}</a></p>
            {message}
            <dl class="stats"><div><dt>{T(view, "state")}</dt><dd class="state">{state}</dd></div></dl>
            {published}
            {forms}
            """);
        return view.Page(string.Format(view.Culture, T(view, "title"), survey.Title.Get(view.Lang)), body, "dashboard",
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static Html AdminForms(AdminView view, SurveyDefinition survey, SurveyPublication? publication, bool closed, AnnouncementDraft? draft,
        (string Bg, string En)? noteDraft, string publicUrl)
    {
        var id = AdminUrl.Segment(survey.Id);
        var close = closed
            ? Html.Empty
            : Html.Of($"""
                <form method="post" action="/admin/surveys/{id}/publication/close" class="card danger">
                {view.Antiforgery()}
                <p class="muted small">{T(view, "close-hint")}</p>
                <button type="submit" class="danger">{T(view, "close")}</button>
                </form>
                """);
        var isPublished = publication?.IsPublished == true;
        var announce = draft ?? new AnnouncementDraft(!isPublished,
            Fill(PublicationDeskTexts.Get("bg", "announce-default-bg"), survey.Title.Bg, publicUrl + "?lang=bg"),
            Fill(PublicationDeskTexts.Get("en", "announce-default-en"), survey.Title.En, publicUrl + "?lang=en"));
        var publish = closed
            ? Html.Of($"""
                <form method="post" action="/admin/surveys/{id}/publication/publish" class="card">
                {view.Antiforgery()}
                <p class="muted small">{T(view, "publish-hint")}</p>
                <label class="check"><input type="checkbox" name="announce" value="yes"{(announce.Announce ? Html.Of($" checked") : Html.Empty)}> {T(view, "announce")}</label>
                <label>{T(view, "announce-bg")}<textarea name="announce_bg" rows="3" maxlength="{AnnouncementsPage.MaxTextLength}">{announce.Bg}</textarea></label>
                <label>{T(view, "announce-en")}<textarea name="announce_en" rows="3" maxlength="{AnnouncementsPage.MaxTextLength}">{announce.En}</textarea></label>
                <button type="submit">{T(view, isPublished ? "republish" : "publish")}</button>
                </form>
                """)
            : Html.Of($"<p class=\"muted\">{T(view, "publish-needs-closed")}</p>");
        var unpublish = isPublished
            ? Html.Of($"""
                <form method="post" action="/admin/surveys/{id}/publication/unpublish" class="card">
                {view.Antiforgery()}
                <button type="submit" class="secondary">{T(view, "unpublish")}</button>
                </form>
                """)
            : Html.Empty;
        var (noteBg, noteEn) = noteDraft ?? (publication?.NoteBg ?? "", publication?.NoteEn ?? "");
        return Html.Of($"""
            {close}
            {publish}
            {unpublish}
            <form method="post" action="/admin/surveys/{id}/publication/note" class="card">
            {view.Antiforgery()}
            <h2>{T(view, "note")}</h2>
            <p class="muted small">{T(view, "note-hint")}</p>
            <label>{T(view, "note-bg")}<textarea name="note_bg" rows="5" maxlength="{MaxNoteLength}">{noteBg}</textarea></label>
            <label>{T(view, "note-en")}<textarea name="note_en" rows="5" maxlength="{MaxNoteLength}">{noteEn}</textarea></label>
            <button type="submit">{T(view, "note-save")}</button>
            </form>
            """);
    }

    private static Html NoteView(AdminView view, SurveyPublication? publication) =>
        publication is null || (publication.NoteBg.Length == 0 && publication.NoteEn.Length == 0)
            ? Html.Empty
            : Html.Of($"""
                <section class="card"><h2>{T(view, "note")}</h2>
                <p lang="bg" class="note">{Html.User(publication.NoteBg)}</p><p lang="en" class="note">{Html.User(publication.NoteEn)}</p></section>
                """);

    private static string T(AdminView view, string key) => PublicationDeskTexts.Get(view.Lang, key);

    private static string Fill(string template, string title, string url) =>
        template.Replace("{0}", title, StringComparison.Ordinal).Replace("{1}", url, StringComparison.Ordinal);

    private sealed record AnnouncementDraft(bool Announce, string Bg, string En);
}
