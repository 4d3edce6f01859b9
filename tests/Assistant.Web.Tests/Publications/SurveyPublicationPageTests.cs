using System.Net;
using Assistant.Core.Surveys.Publications;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Tests.Admin;
using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Publications;

/// <summary>The desk's publication page over HTTP: who may do what, the antiforgery token, and closing before publishing.</summary>
public sealed class SurveyPublicationPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reviewers_see_the_state_without_forms_and_only_admins_with_the_token_change_it()
    {
        await using var host = await AdminHost.StartAsync();
        using var reviewer = await host.SignedInAsync(AdminHost.ReviewerName);
        using var anonymous = host.NewClient();
        using var admin = await host.SignedInAsync();
        var publications = host.Get<ISurveyPublicationStore>();

        var seen = await reviewer.HtmlAsync(PublicationDesk.PageOf(Survey));
        Assert.Contains("Отворена (до 2027-12-31)", seen, StringComparison.Ordinal);
        Assert.Contains("Само администратор може да затваря анкети и да публикува резултати.", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\" action=\"/admin/surveys/", seen, StringComparison.Ordinal);
        Assert.Contains($"href=\"{PublicationDesk.PageOf(Survey)}\"", await reviewer.HtmlAsync($"/admin/surveys/{Survey}"), StringComparison.Ordinal);
        foreach (var action in new[] { "close", "publish", "unpublish", "note" })
        {
            using var byReviewer = await reviewer.PostAsync($"{PublicationDesk.PageOf(Survey)}/{action}", ("note_bg", "x"), ("note_en", "x"));
            Assert.Equal(HttpStatusCode.Forbidden, byReviewer.StatusCode);
        }

        var page = await anonymous.GetAsync(PublicationDesk.PageOf(Survey));
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Contains("/admin/login", page.Location, StringComparison.Ordinal);
        await admin.HtmlAsync(PublicationDesk.PageOf(Survey));
        using (var forged = await admin.PostAsync($"{PublicationDesk.PageOf(Survey)}/close", withAntiforgery: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Null(await publications.GetAsync(Survey, Ct));
        Assert.Contains($"{Survey} · отворена", await admin.HtmlAsync("/admin"), StringComparison.Ordinal);

        var closed = await PublicationDesk.CloseAsync(admin, Survey);
        Assert.Contains("Анкетата е затворена.", closed, StringComparison.Ordinal);
        Assert.Contains($"Затворена от {AdminHost.AdminName}", closed, StringComparison.Ordinal);
        Assert.Contains("Анкетата вече беше затворена.", await PublicationDesk.CloseAsync(admin, Survey), StringComparison.Ordinal);
        var audit = await host.Get<IAuditLogStore>().ListAsync(0, 20, Ct);
        Assert.Single(audit, e => e.Action == "survey.close" && e.Subject == Survey && e.Actor == AdminHost.AdminName);
        Assert.Equal(AdminHost.AdminName, (await publications.GetAsync(Survey, Ct))!.ClosedBy);
        Assert.Contains($"{Survey} · затворена", await reviewer.HtmlAsync("/admin"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_survey_cannot_be_published_and_a_published_one_can_be_taken_down()
    {
        await using var host = await AdminHost.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            await RespondAsync(host.Get<ISurveyResponseStore>(), DateTimeOffset.UtcNow.AddMinutes(-i), survey: AnonymousSurvey,
                answers: ("overall-rating", Number(4)));
        }

        using var admin = await host.SignedInAsync("ada");
        using var visitor = host.NewClient();
        var page = await admin.HtmlAsync(PublicationDesk.PageOf(AnonymousSurvey) + "?lang=en");
        Assert.Contains("Results can be published only once the survey is closed.", page, StringComparison.Ordinal);
        using (var early = await admin.PostAsync($"{PublicationDesk.PageOf(AnonymousSurvey)}/publish", ("announce_bg", ""), ("announce_en", "")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
            Assert.Contains("Results can be published only once the survey is closed.", await early.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/results/{AnonymousSurvey}")).Status);

        await PublicationDesk.CloseAsync(admin, AnonymousSurvey);
        var published = await PublicationDesk.PublishAsync(admin, AnonymousSurvey);
        Assert.Contains("The results are published.", published, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"http://localhost/results/{AnonymousSurvey}\">", published, StringComparison.Ordinal);
        Assert.Contains("Completed by 6 people.", await visitor.HtmlAsync($"/results/{AnonymousSurvey}?lang=en"), StringComparison.Ordinal);

        Assert.Contains("The results are taken down.", await PublicationDesk.PostOkAsync(admin, AnonymousSurvey, "unpublish"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/results/{AnonymousSurvey}")).Status);
        var audit = await host.Get<IAuditLogStore>().ListAsync(0, 20, Ct);
        Assert.Contains(audit, e => e.Action == "survey.publish" && e.Subject == AnonymousSurvey && e.Details!.Contains("\"responses\":6", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "survey.unpublish" && e.Subject == AnonymousSurvey);
        Assert.DoesNotContain(audit, e => e.Action == "announcement.create");
    }

    [Fact]
    public async Task A_too_long_note_is_refused_with_the_text_kept_and_a_good_one_is_shown_to_reviewers_as_text()
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();
        using var reviewer = await host.SignedInAsync(AdminHost.ReviewerName);
        var tooLong = new string('я', 4001);

        await admin.HtmlAsync(PublicationDesk.PageOf(Survey));
        using (var refused = await admin.PostAsync($"{PublicationDesk.PageOf(Survey)}/note", ("note_bg", tooLong), ("note_en", "ok")))
        {
            var html = await refused.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("Бележката може да е до 4000 знака на език.", html, StringComparison.Ordinal);
            Assert.Contains(tooLong + "</textarea>", html, StringComparison.Ordinal);
        }

        Assert.Null(await host.Get<ISurveyPublicationStore>().GetAsync(Survey, Ct));
        await PublicationDesk.NoteAsync(admin, Survey, "Ще <b>действаме</b>", "We will act");

        var seen = await reviewer.HtmlAsync(PublicationDesk.PageOf(Survey));
        Assert.Contains("Ще &lt;b&gt;действаме&lt;/b&gt;", seen, StringComparison.Ordinal);
        Assert.Contains((await host.Get<IAuditLogStore>().ListAsync(0, 10, Ct)), e => e.Action == "survey.note" && e.Subject == Survey);
    }

    [Fact]
    public async Task An_announcement_without_its_text_is_refused_with_what_was_typed_kept_and_nothing_published()
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();
        await PublicationDesk.CloseAsync(admin, Survey);
        var page = await admin.HtmlAsync(PublicationDesk.PageOf(Survey));
        Assert.Contains("/results/e-government-participation?lang=bg", PublicationDesk.TextArea(page, "announce_bg"), StringComparison.Ordinal);

        using var refused = await admin.PostAsync($"{PublicationDesk.PageOf(Survey)}/publish", ("announce", "yes"),
            ("announce_bg", "Резултатите са тук"), ("announce_en", "  "));
        var html = await refused.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Напишете съобщението и на двата езика", html, StringComparison.Ordinal);
        Assert.Equal("Резултатите са тук", PublicationDesk.TextArea(html, "announce_bg"));
        Assert.False((await host.Get<ISurveyPublicationStore>().GetAsync(Survey, Ct))!.IsPublished);
        Assert.Empty(await host.Get<Assistant.Web.Announcements.IAnnouncementStore>().ListAsync(10, Ct));
    }
}
