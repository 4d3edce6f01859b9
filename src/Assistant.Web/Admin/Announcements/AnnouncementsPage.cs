using System.Globalization;
using System.Text.Json;
using Assistant.Core.Subscriptions;
using Assistant.Core.Surveys;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Announcements;
using Assistant.Web.Hosting;

namespace Assistant.Web.Admin.Announcements;

/// <summary>
/// Announcements (admins): write one in Bulgarian and English for the subscribers of a topic, with an optional button
/// that starts a survey; preview it as Telegram and web chat show it; send it now or at a set time. The list shows each
/// announcement's progress and final counts. Creating one is audited; its sending is audited by the delivery.
/// </summary>
public static class AnnouncementsPage
{
    public const int MaxTextLength = 3500;
    private const int ListSize = 100;

    public static void Map(RouteGroupBuilder admin, RouteGroupBuilder adminForms)
    {
        admin.MapGet("/announcements", ShowAsync);
        adminForms.MapPost("/announcements", PostAsync);
    }

    public static Task<IResult> ShowAsync(HttpContext http, IAnnouncementStore store, ISurveySource surveys, BotIdentity bot,
        Func<TextCatalog> texts, CancellationToken cancellationToken) =>
        PageAsync(http, store, surveys, bot, texts(), Draft.Empty, null, null, false, cancellationToken);

    public static async Task<IResult> PostAsync(HttpContext http, IAnnouncementStore store, ISurveySource surveys, BotIdentity bot,
        Func<TextCatalog> texts, IAuditLogStore audit, WakeSignal<AnnouncementDelivery> signal, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var draft = new Draft(form["topic"].ToString(), form["text_bg"].ToString().Trim(), form["text_en"].ToString().Trim(),
            form["survey"].ToString().Trim(), form["when"].ToString() == "later" ? "later" : "now", form["send_at"].ToString().Trim());
        var now = clock.GetUtcNow();
        var error = Validate(view, draft, surveys, now, out var sendAt);
        if (error is not null || form["action"] == "preview")
        {
            return await PageAsync(http, store, surveys, bot, texts(), draft, error, null, error is null, cancellationToken);
        }

        var announcement = new Announcement(Guid.NewGuid(), draft.Topic, draft.TextBg, draft.TextEn,
            draft.Survey.Length == 0 ? null : draft.Survey, view.UserName!, now, sendAt);
        await store.AddAsync(announcement, cancellationToken);
        await audit.AppendAsync(new AuditEntry(now, view.UserName!, "announcement.create", announcement.Id.ToString(),
            JsonSerializer.Serialize(new { topic = announcement.Topic, survey = announcement.SurveyId, sendAt })), cancellationToken);
        signal.Wake();
        var notice = sendAt <= now ? T(view, "created-now") : string.Format(view.Culture, T(view, "created-later"), view.Time(sendAt));
        return await PageAsync(http, store, surveys, bot, texts(), Draft.Empty, null, notice, false, cancellationToken);
    }

    private static string? Validate(AdminView view, Draft draft, ISurveySource surveys, DateTimeOffset now, out DateTimeOffset sendAt)
    {
        sendAt = now;
        if (!SubscriptionTopics.IsValid(draft.Topic))
        {
            return T(view, "bad-topic");
        }

        if (draft.TextBg.Length == 0 || draft.TextEn.Length == 0)
        {
            return T(view, "text-empty");
        }

        if (draft.TextBg.Length > MaxTextLength || draft.TextEn.Length > MaxTextLength)
        {
            return string.Format(view.Culture, T(view, "text-too-long"), MaxTextLength);
        }

        if (draft.Survey.Length > 0 && surveys.Current.Find(draft.Survey) is null)
        {
            return T(view, "bad-survey");
        }

        if (draft.When == "later")
        {
            if (!DateTime.TryParseExact(draft.SendAt, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var local))
            {
                return T(view, "bad-when");
            }

            sendAt = new DateTimeOffset(local, view.Zone.GetUtcOffset(local));
            if (sendAt <= now)
            {
                return T(view, "past-when");
            }
        }

        return null;
    }

    private static async Task<IResult> PageAsync(HttpContext http, IAnnouncementStore store, ISurveySource surveys, BotIdentity bot,
        TextCatalog texts, Draft draft, string? error, string? notice, bool preview, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var catalog = surveys.Current;
        var rows = new List<Html>();
        foreach (var a in await store.ListAsync(ListSize, cancellationToken))
        {
            var counts = await store.CountAsync(a.Id, cancellationToken);
            rows.Add(Html.Of($"""
                <tr id="a-{a.Id}">
                <td class="small">{view.Time(a.SendAt)}<div class="muted">{a.CreatedBy}</div></td>
                <td>{T(view, "topic-" + a.Topic)}</td>
                <td class="text">{Html.User(a.Text(view.Lang), 200)}</td>
                <td class="state">{T(view, "state-" + AnnouncementStates.Name(a.State))}</td>
                <td class="num recipients">{view.Number(counts.Total)}</td>
                <td class="num sent">{view.Number(counts.Sent)}</td>
                <td class="num pending">{view.Number(counts.Pending + counts.Sending)}</td>
                <td class="num failed">{view.Number(counts.Failed)}</td>
                <td class="num blocked">{view.Number(counts.Blocked)}</td>
                </tr>
                """));
        }

        var message = error is not null
            ? Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>")
            : notice is not null ? Html.Of($"<p class=\"success\" role=\"status\">{notice}</p>") : Html.Empty;
        var topics = SubscriptionTopics.All.Select(t => t == draft.Topic
            ? Html.Of($"<option value=\"{t}\" selected>{T(view, "topic-" + t)}</option>")
            : Html.Of($"<option value=\"{t}\">{T(view, "topic-" + t)}</option>"));
        var surveyOptions = catalog.All.Select(s => s.Id == draft.Survey
            ? Html.Of($"<option value=\"{s.Id}\" selected>{s.Title.Get(view.Lang)}</option>")
            : Html.Of($"<option value=\"{s.Id}\">{s.Title.Get(view.Lang)}</option>"));
        var later = draft.When == "later";
        var body = Html.Of($"""
            <p class="lead">{T(view, "lead")}</p>
            {message}
            <form method="post" action="/admin/announcements" class="card">
            {view.Antiforgery()}
            <h2>{T(view, "new")}</h2>
            <label>{T(view, "topic")}<select name="topic" required>{topics}</select></label>
            <label>{T(view, "text-bg")}<textarea name="text_bg" rows="6" maxlength="{MaxTextLength}" required>{draft.TextBg}</textarea></label>
            <label>{T(view, "text-en")}<textarea name="text_en" rows="6" maxlength="{MaxTextLength}" required>{draft.TextEn}</textarea></label>
            <p class="muted small">{T(view, "text-hint")}</p>
            <label>{T(view, "survey")}<select name="survey"><option value="">{T(view, "survey-none")}</option>{surveyOptions}</select></label>
            <fieldset><legend>{T(view, "when")}</legend>
            <label class="inline"><input type="radio" name="when" value="now"{(later ? Html.Empty : Html.Of($" checked"))}> {T(view, "when-now")}</label>
            <label class="inline"><input type="radio" name="when" value="later"{(later ? Html.Of($" checked") : Html.Empty)}> {T(view, "when-later")}</label>
            <input type="datetime-local" name="send_at" value="{draft.SendAt}">
            </fieldset>
            <button type="submit" name="action" value="preview" class="secondary">{T(view, "preview")}</button>
            <button type="submit" name="action" value="send">{T(view, "send")}</button>
            </form>
            {(preview ? Preview(view, draft, texts, bot) : Html.Empty)}
            <h2>{T(view, "list")}</h2>
            <table class="data announcements">
            <thead><tr><th>{T(view, "col-when")}</th><th>{T(view, "col-topic")}</th><th>{T(view, "col-text")}</th><th>{T(view, "col-state")}</th><th class="num">{T(view, "col-recipients")}</th><th class="num">{T(view, "col-sent")}</th><th class="num">{T(view, "col-pending")}</th><th class="num">{T(view, "col-failed")}</th><th class="num">{T(view, "col-blocked")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            {(rows.Count == 0 ? Html.Of($"<p class=\"muted\">{T(view, "empty")}</p>") : Html.Empty)}
            """);
        return view.Page(T(view, "title"), body, "announcements",
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// The message in both languages as each channel gets it: the Telegram HTML from the channel's own renderer (escaped
    /// text, its few tags, safe links only), and the Markdown Web Chat receives, shown as text.
    /// </summary>
    private static Html Preview(AdminView view, Draft draft, TextCatalog texts, BotIdentity bot)
    {
        var announcement = new Announcement(Guid.Empty, draft.Topic, draft.TextBg, draft.TextEn,
            draft.Survey.Length == 0 ? null : draft.Survey, view.UserName ?? "", DateTimeOffset.MinValue, DateTimeOffset.MinValue);
        var parts = new List<Html>();
        foreach (var lang in new[] { "bg", "en" })
        {
            var preview = AnnouncementPreview.Of(announcement, lang, texts, bot);
            // The renderer's HTML is escaped text with its own few tags and checked links: shown as the chat shows it.
            var telegram = Html.Join(preview.Telegram.Select(m => Html.Of($"""
                <div class="telegram-message">{Html.Trusted(m.Html)}</div>{Buttons(m.Buttons)}
                """)));
            var web = Html.Of($"""<pre class="webchat-message">{preview.WebChatMarkdown}</pre>{Buttons(preview.WebChatButtons)}""");
            parts.Add(Html.Of($"""
                <section class="card preview" lang="{lang}" id="preview-{lang}">
                <h3>{lang.ToUpperInvariant()}</h3>
                <h4>{T(view, "preview-telegram")}</h4>
                {telegram}
                <h4>{T(view, "preview-webchat")}</h4>
                {web}
                </section>
                """));
        }

        return Html.Of($"<h2>{T(view, "preview-title")}</h2>{Html.Join(parts)}");
    }

    private static Html Buttons(IEnumerable<string> titles) =>
        Html.Join(titles.Select(t => Html.Of($"<p><button type=\"button\" disabled>{t}</button></p>")));

    private static string T(AdminView view, string key) => AnnouncementDeskTexts.Get(view.Lang, key);

    private sealed record Draft(string Topic, string TextBg, string TextEn, string Survey, string When, string SendAt)
    {
        public static readonly Draft Empty = new(SubscriptionTopics.Surveys, "", "", "", "now", "");
    }
}
