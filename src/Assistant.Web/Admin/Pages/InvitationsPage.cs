using System.Globalization;
using System.Text.Json;
using Assistant.Core.Surveys.Invitations;
using Assistant.Web.Admin.Invitations;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Pages;

/// <summary>
/// Invitations (admins): create one for a survey and a campaign, with an optional last day and use limit; every
/// invitation with its web link, Telegram deep link, QR code and how often it was opened.
/// </summary>
public static class InvitationsPage
{
    public const int MaxUsesLimit = 1_000_000;

    public static Task<IResult> ShowAsync(HttpContext http, IInvitationStore store, ISurveySource surveys, InvitationCodes codes,
        CancellationToken cancellationToken) =>
        PageAsync(http, store, surveys, codes, new Draft("", "", "", ""), null, null, cancellationToken);

    public static async Task<IResult> CreateAsync(HttpContext http, IInvitationStore store, ISurveySource surveys, InvitationCodes codes,
        IAuditLogStore audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var draft = new Draft(form["survey"].ToString().Trim(), form["campaign"].ToString().Trim(), form["expires"].ToString().Trim(),
            form["max"].ToString().Trim());
        var now = clock.GetUtcNow();
        var error = Validate(view, draft, surveys, now, out var expiresAt, out var maxUses);
        if (error is not null)
        {
            return await PageAsync(http, store, surveys, codes, draft, error, null, cancellationToken);
        }

        var invitation = new Invitation(InvitationCodes.NewId(), draft.Survey, draft.Campaign, now, view.UserName!, expiresAt, maxUses);
        await store.CreateAsync(invitation, cancellationToken);
        await audit.AppendAsync(new AuditEntry(now, view.UserName!, "invitation.create", invitation.Id,
            JsonSerializer.Serialize(new { survey = invitation.SurveyId, campaign = invitation.Campaign, expiresAt, maxUses })), cancellationToken);
        return await PageAsync(http, store, surveys, codes, new Draft("", "", "", ""), null, invitation.Id, cancellationToken);
    }

    /// <summary>The QR code of the invitation's web link, as an SVG file to print.</summary>
    public static async Task<IResult> QrAsync(HttpContext http, string id, IInvitationStore store, InvitationCodes codes,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } invitation)
        {
            return Results.NotFound();
        }

        http.Response.Headers.ContentDisposition = $"inline; filename=\"invitation-{invitation.Campaign}.svg\"";
        return Results.Text(InvitationLinks.QrSvg(InvitationLinks.Web(Origin(http), codes.Sign(invitation.Id))), "image/svg+xml");
    }

    private static string? Validate(AdminView view, Draft draft, ISurveySource surveys, DateTimeOffset now,
        out DateTimeOffset? expiresAt, out int? maxUses)
    {
        expiresAt = null;
        maxUses = null;
        if (surveys.Current.Find(draft.Survey) is null)
        {
            return view.T("invitations.bad-survey");
        }

        if (!CampaignLabel.IsValid(draft.Campaign))
        {
            return view.T("invitations.bad-campaign", CampaignLabel.MaxLength);
        }

        if (draft.Expires.Length > 0)
        {
            if (!DateOnly.TryParseExact(draft.Expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var lastDay))
            {
                return view.T("invitations.bad-expires");
            }

            // Valid through the whole last day, in the desk's time zone.
            expiresAt = view.StartOfDay(lastDay.AddDays(1));
            if (expiresAt <= now)
            {
                return view.T("invitations.past-expires");
            }
        }

        if (draft.Max.Length > 0)
        {
            if (!int.TryParse(draft.Max, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max is < 1 or > MaxUsesLimit)
            {
                return view.T("invitations.bad-max", MaxUsesLimit);
            }

            maxUses = max;
        }

        return null;
    }

    private static async Task<IResult> PageAsync(HttpContext http, IInvitationStore store, ISurveySource surveys, InvitationCodes codes,
        Draft draft, string? error, string? createdId, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var invitations = await store.ListAsync(cancellationToken);
        var origin = Origin(http);
        var channels = http.RequestServices.GetServices<IDeepLinkChannel>().ToList();
        var catalog = surveys.Current;
        var created = createdId is null ? null : invitations.FirstOrDefault(i => i.Id == createdId);
        var notice = error is not null
            ? Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>")
            : created is not null
                ? Html.Of($"""
                    <section class="card" role="status">
                    <p class="success">{view.T("invitations.created", created.Campaign)}</p>
                    {Links(view, created, codes, origin, channels)}
                    <p><img src="/admin/invitations/{created.Id}/qr.svg" alt="{view.T("invitations.qr-alt", created.Campaign)}" width="240" height="240"></p>
                    </section>
                    """)
                : Html.Empty;
        var surveyOptions = catalog.All.Select(s => s.Id == draft.Survey
            ? Html.Of($"<option value=\"{s.Id}\" selected>{s.Title.Get(view.Lang)}</option>")
            : Html.Of($"<option value=\"{s.Id}\">{s.Title.Get(view.Lang)}</option>"));
        var rows = invitations.Select(i => Html.Of($"""
            <tr>
            <td>{i.Campaign}</td>
            <td>{(catalog.Find(i.SurveyId) is { } s ? s.Title.Get(view.Lang) : i.SurveyId)}</td>
            <td>{view.Date(i.CreatedAt)} · {i.CreatedBy}</td>
            <td>{(i.ExpiresAt is { } e ? view.Date(e.AddTicks(-1)) : "—")}</td>
            <td class="num">{view.Number(i.Opened)}{(i.MaxUses is { } m ? " / " + view.Number(m) : "")}</td>
            <td class="text">{Links(view, i, codes, origin, channels)}</td>
            </tr>
            """));
        var body = Html.Of($"""
            {notice}
            <form method="post" action="/admin/invitations" class="card narrow">
            {view.Antiforgery()}
            <h2>{view.T("invitations.new")}</h2>
            <label>{view.T("invitations.survey")}<select name="survey" required>{surveyOptions}</select></label>
            <label>{view.T("invitations.campaign")}<input name="campaign" required maxlength="{CampaignLabel.MaxLength}" pattern="[A-Za-z0-9._\-]+" value="{draft.Campaign}" placeholder="poster-metro" autocomplete="off"></label>
            <label>{view.T("invitations.expires")}<input type="date" name="expires" value="{draft.Expires}"></label>
            <label>{view.T("invitations.max")}<input type="number" name="max" min="1" max="{MaxUsesLimit}" value="{draft.Max}"></label>
            <button type="submit">{view.T("invitations.create")}</button>
            </form>
            <p class="muted small">{view.T("invitations.note")}</p>
            <table class="data">
            <thead><tr><th>{view.T("campaigns.campaign")}</th><th>{view.T("invitations.survey")}</th><th>{view.T("invitations.created-at")}</th><th>{view.T("invitations.expires")}</th><th class="num">{view.T("invitations.uses")}</th><th>{view.T("invitations.links")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            """);
        return view.Page(view.T("invitations.title"), body, "invitations",
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static Html Links(AdminView view, Invitation invitation, InvitationCodes codes, string origin, List<IDeepLinkChannel> channels)
    {
        var code = codes.Sign(invitation.Id);
        var web = InvitationLinks.Web(origin, code);
        var deepLinks = channels.Select(c => c.LinkFor(code) is { } link
                ? Html.Of($"<a href=\"{link}\" class=\"deep-link\">{link}</a><br>")
                : Html.Of($"<span class=\"muted\">{view.T("invitations.channel-not-ready", c.Name)}</span><br>"))
            .ToList();
        var telegram = channels.Count == 0
            ? Html.Of($"<span class=\"muted\">{view.T("invitations.no-telegram")}</span><br>")
            : Html.Join(deepLinks);
        return Html.Of($"""
            <span class="invitation-links">
            <a href="{web}" class="web-link">{web}</a><br>
            {telegram}
            <a href="/admin/invitations/{invitation.Id}/qr.svg" download="invitation-{invitation.Campaign}.svg">{view.T("invitations.qr")}</a>
            </span>
            """);
    }

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private sealed record Draft(string Survey, string Campaign, string Expires, string Max);
}
