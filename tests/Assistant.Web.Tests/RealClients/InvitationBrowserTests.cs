using Assistant.Core.Surveys;
using Assistant.Core.Surveys.Invitations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Assistant.Web.Tests.RealClients;

/// <summary>The invitation web link (<c>/?i=&lt;code&gt;</c>) in a real browser with the real Web Chat bundle.</summary>
public sealed class InvitationBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_web_link_starts_its_survey_after_consent_counts_once_and_the_campaign_goes_with_the_response()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        var invitations = server.Services.GetRequiredService<IInvitationStore>();
        var id = InvitationCodes.NewId();
        await invitations.CreateAsync(new Invitation(id, "e-government-participation", "poster-metro", DateTimeOffset.UtcNow, "ada", null, null), Ct);
        var code = server.Services.GetRequiredService<InvitationCodes>().Sign(id);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "bg-BG" });

        var chat = await ChatPage.OpenAsync(context, new Uri(server.BaseAddress, "/?i=" + code));
        try
        {
            await chat.ClickActionAsync("Съгласен/на съм");
            await chat.ExpectBubblesAsync("Въпрос 1 от", 1);
            Assert.DoesNotContain("i=", new Uri(chat.Page.Url).Query, StringComparison.Ordinal);   // the code left the address

            await chat.ReloadAsync();
            await chat.ExpectBubblesAsync("Въпрос 1 от", 1);
        }
        finally
        {
            await chat.ScreenshotAsync(nameof(The_web_link_starts_its_survey_after_consent_counts_once_and_the_campaign_goes_with_the_response));
        }

        chat.AssertBrowserReportedNoErrors();
        Assert.Equal(1, (await invitations.GetAsync(id, Ct))!.Opened);
        var reports = server.Services.GetRequiredService<Assistant.Web.Admin.Stores.IStaffReportStore>();
        var response = Assert.Single(await reports.ListAsync(new("e-government-participation", Campaign: "poster-metro"), 0, 10, Ct));
        Assert.Equal(ResponseStatus.InProgress, response.Status);
    }
}
