using System.Net;
using System.Text.RegularExpressions;
using Assistant.Core.Surveys.Invitations;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Tests.Admin;

public sealed partial class AdminInvitationsPageTests
{
    private const string Survey = "e-government-participation";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_creates_an_invitation_and_gets_its_link_and_a_QR_code_that_reads_as_the_link()
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();
        await admin.HtmlAsync("/admin/invitations");

        using var response = await admin.PostAsync("/admin/invitations",
            ("survey", Survey), ("campaign", "poster-metro"), ("expires", "2099-12-31"), ("max", "500"));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Поканата за кампания „poster-metro“ е създадена.", html, StringComparison.Ordinal);
        var link = WebLink().Match(html).Value;
        var invitation = Assert.Single(await host.Get<IInvitationStore>().ListAsync(Ct));
        Assert.Equal(("poster-metro", Survey, 500, AdminHost.AdminName), (invitation.Campaign, invitation.SurveyId, invitation.MaxUses, invitation.CreatedBy));
        Assert.Equal(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)), invitation.ExpiresAt);   // through the last day, Sofia time
        Assert.Equal(link, "http://localhost/?i=" + host.Get<InvitationCodes>().Sign(invitation.Id));
        Assert.Contains("<td class=\"num\">0 / 500</td>", html, StringComparison.Ordinal);

        using var qr = await admin.DownloadAsync($"/admin/invitations/{invitation.Id}/qr.svg");
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType!.MediaType);
        Assert.Equal(link, QrDecoder.Decode(await qr.Content.ReadAsStringAsync(Ct)));

        var audit = await host.Get<IAuditLogStore>().ListAsync(0, 10, Ct);
        Assert.Contains(audit, e => e.Action == "invitation.create" && e.Subject == invitation.Id && e.Actor == AdminHost.AdminName);
    }

    [Theory]
    [InlineData("no-such-survey", "poster", "", "", "Изберете анкета от списъка.")]
    [InlineData(Survey, "плакат в метрото", "", "", "Кампанията може да съдържа латински букви")]
    [InlineData(Survey, "", "", "", "Кампанията може да съдържа латински букви")]
    [InlineData(Survey, "poster", "31.12.2099", "", "Датата трябва да е във вида ГГГГ-ММ-ДД.")]
    [InlineData(Survey, "poster", "2001-01-01", "", "Датата вече е минала.")]
    [InlineData(Survey, "poster", "", "0", "Броят отваряния трябва да е цяло число от 1 до")]
    [InlineData(Survey, "poster", "", "many", "Броят отваряния трябва да е цяло число от 1 до")]
    public async Task Bad_input_gets_a_clear_message_keeps_what_was_typed_and_creates_nothing(string survey, string campaign, string expires,
        string max, string message)
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();
        await admin.HtmlAsync("/admin/invitations");

        using var response = await admin.PostAsync("/admin/invitations", ("survey", survey), ("campaign", campaign), ("expires", expires), ("max", max));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains($"name=\"campaign\" required maxlength=\"40\" pattern=\"[A-Za-z0-9._\\-]+\" value=\"{System.Net.WebUtility.HtmlEncode(campaign)}\"",
            html, StringComparison.Ordinal);
        Assert.Empty(await host.Get<IInvitationStore>().ListAsync(Ct));
    }

    [Fact]
    public async Task A_campaign_label_with_markup_never_becomes_markup()
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();
        await admin.HtmlAsync("/admin/invitations");

        using var response = await admin.PostAsync("/admin/invitations", ("survey", Survey), ("campaign", "<script>alert(1)</script>"),
            ("expires", ""), ("max", ""));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_admins_reach_invitations_and_a_form_without_its_token_is_refused()
    {
        await using var host = await AdminHost.StartAsync();
        using var reviewer = await host.SignedInAsync(AdminHost.ReviewerName);
        using var anonymous = host.NewClient();
        using var admin = await host.SignedInAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/admin/invitations")).Status);
        await reviewer.HtmlAsync("/admin");
        using (var byReviewer = await reviewer.PostAsync("/admin/invitations", ("survey", Survey), ("campaign", "x"), ("expires", ""), ("max", "")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byReviewer.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/admin/invitations/AAAAAAAAAAAA/qr.svg")).Status);
        Assert.DoesNotContain("/admin/invitations", await reviewer.HtmlAsync("/admin"), StringComparison.Ordinal);
        var page = await anonymous.GetAsync("/admin/invitations");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Contains("/admin/login", page.Location, StringComparison.Ordinal);
        using (var forged = await admin.PostAsync("/admin/invitations", withAntiforgery: false, ("survey", Survey), ("campaign", "x"), ("expires", ""), ("max", "")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Empty(await host.Get<IInvitationStore>().ListAsync(Ct));
        Assert.Contains("href=\"/admin/invitations\"", await admin.HtmlAsync("/admin"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_reads_in_English_too()
    {
        await using var host = await AdminHost.StartAsync();
        using var admin = await host.SignedInAsync();

        var html = await admin.HtmlAsync("/admin/invitations?lang=en");
        using var response = await admin.PostAsync("/admin/invitations", ("survey", Survey), ("campaign", "bad label!"), ("expires", ""), ("max", ""));

        Assert.Contains("New invitation", html, StringComparison.Ordinal);
        Assert.Contains("A campaign may hold Latin letters", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"http://localhost/\?i=[A-Za-z0-9_-]+")]
    private static partial Regex WebLink();
}
