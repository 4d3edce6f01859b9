using System.Net;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Announcements;
using Assistant.Web.Tests.Admin;

namespace Assistant.Web.Tests.Announcements;

/// <summary>The desk's announcements page over HTTP: compose, preview, schedule, validation, escaping and roles.</summary>
public sealed class AnnouncementsPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_preview_shows_both_languages_as_telegram_and_web_chat_get_them_escaped_and_stores_nothing()
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();
        await admin.HtmlAsync("/admin/announcements");

        using var response = await admin.PostAsync("/admin/announcements", ("topic", "events"),
            ("text_bg", "Среща в **Южния парк** <script>alert(1)</script>"), ("text_en", "Meeting in **South Park** <img src=x onerror=alert(1)>"),
            ("survey", "e-government-participation"), ("when", "now"), ("send_at", ""), ("action", "preview"));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<div class=\"telegram-message\">Среща в <b>Южния парк</b> &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"telegram-message\">Meeting in <b>South Park</b> &lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<pre class=\"webchat-message\">Среща в **Южния парк** &lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Пиша Ви, защото сте се абонирали за известия: събития.", html, StringComparison.Ordinal);
        Assert.Contains("You are getting this because you subscribed to news about: events.", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"button\" disabled>Към анкетата</button>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"button\" disabled>Take the survey</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        // The draft stays in the form for sending.
        Assert.Contains("Среща в **Южния парк** &lt;script&gt;alert(1)&lt;/script&gt;</textarea>", html, StringComparison.Ordinal);
        Assert.Empty(await host.Get<IAnnouncementStore>().ListAsync(10, Ct));
    }

    [Theory]
    [InlineData("surveys", "Текст", "", "", "now", "", "Напишете текста и на двата езика.")]
    [InlineData("gossip", "Текст", "Text", "", "now", "", "Изберете тема.")]
    [InlineData("surveys", "Текст", "Text", "no-such-survey", "now", "", "Няма такава анкета.")]
    [InlineData("surveys", "Текст", "Text", "", "later", "утре", "Посочете дата и час във вида 2027-03-01T10:00.")]
    [InlineData("surveys", "Текст", "Text", "", "later", "2001-01-01T10:00", "Този момент вече е минал")]
    public async Task Bad_input_gets_a_clear_message_keeps_what_was_typed_and_sends_nothing(string topic, string bg, string en, string survey,
        string when, string sendAt, string message)
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();
        await admin.HtmlAsync("/admin/announcements");

        using var response = await admin.PostAsync("/admin/announcements", ("topic", topic), ("text_bg", bg), ("text_en", en),
            ("survey", survey), ("when", when), ("send_at", sendAt), ("action", "send"));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains($">{bg}</textarea>", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"send_at\" value=\"{WebUtility.HtmlEncode(sendAt)}\"", html, StringComparison.Ordinal);
        Assert.Empty(await host.Get<IAnnouncementStore>().ListAsync(10, Ct));
    }

    [Fact]
    public async Task A_scheduled_announcement_waits_for_its_time_is_listed_and_audited()
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();
        await admin.HtmlAsync("/admin/announcements?lang=en");

        using var response = await admin.PostAsync("/admin/announcements", ("topic", "results"), ("text_bg", "Резултатите идват"),
            ("text_en", "Results are coming"), ("survey", ""), ("when", "later"), ("send_at", "2099-06-01T10:30"), ("action", "send"));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The announcement will go out at 2099-06-01 10:30.", html, StringComparison.Ordinal);
        var stored = Assert.Single(await host.Get<IAnnouncementStore>().ListAsync(10, Ct));
        Assert.Equal((new DateTimeOffset(2099, 6, 1, 10, 30, 0, TimeSpan.FromHours(3)), AnnouncementState.Scheduled, (string?)null, AdminHost.AdminName),
            (stored.SendAt, stored.State, stored.SurveyId, stored.CreatedBy));
        Assert.Contains("<td class=\"state\">scheduled</td>", html, StringComparison.Ordinal);
        Assert.Contains("Announcements to subscribers", html, StringComparison.Ordinal);
        var audit = await host.Get<IAuditLogStore>().ListAsync(0, 10, Ct);
        Assert.Contains(audit, e => e.Action == "announcement.create" && e.Subject == stored.Id.ToString() && e.Actor == AdminHost.AdminName);
    }

    [Fact]
    public async Task Only_admins_reach_announcements_and_a_form_without_its_token_is_refused()
    {
        await using var host = await AdminHost.StartAsync();
        using var reviewer = await host.SignedInAsync(AdminHost.ReviewerName);
        using var anonymous = host.NewClient();
        using var admin = await host.SignedInAsync();
        (string, string)[] fields = [("topic", "surveys"), ("text_bg", "Текст"), ("text_en", "Text"), ("survey", ""), ("when", "now"),
            ("send_at", ""), ("action", "send")];

        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/admin/announcements")).Status);
        await reviewer.HtmlAsync("/admin");
        using (var byReviewer = await reviewer.PostAsync("/admin/announcements", fields))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byReviewer.StatusCode);
        }

        Assert.DoesNotContain("/admin/announcements", await reviewer.HtmlAsync("/admin"), StringComparison.Ordinal);
        var page = await anonymous.GetAsync("/admin/announcements");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Contains("/admin/login", page.Location, StringComparison.Ordinal);
        using (var forged = await admin.PostAsync("/admin/announcements", withAntiforgery: false, fields))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Empty(await host.Get<IAnnouncementStore>().ListAsync(10, Ct));
        Assert.Contains("href=\"/admin/announcements\"", await admin.HtmlAsync("/admin"), StringComparison.Ordinal);
    }
}
