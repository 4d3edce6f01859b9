using System.Net;
using Assistant.Core.TeamQuestions;
using Assistant.Web.Tests.TeamQuestions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// Ask the team in the real Web Chat bundle in headless Chromium: the staff reply appears live in the open page, and a
/// reply sent while the page was closed is there when the citizen opens it again.
/// </summary>
public sealed class AskTeamBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Unknown = "Кога ще ремонтират детската площадка в Лозенец?";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_reply_shows_live_in_the_open_page_and_a_later_one_after_reopening_it()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "bg-BG",
            ViewportSize = new ViewportSize { Width = 900, Height = 1000 },
        });
        var store = server.Services.GetRequiredService<ITeamQuestionStore>();
        using var desk = await TeamDesk.SignInAsync(server);

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        TeamQuestion question;
        try
        {
            await chat.ExpectBubblesAsync("Здравейте!", 1);
            await chat.SendAsync(Unknown);
            await chat.ClickActionAsync("Попитай екипа");
            await chat.ClickActionAsync("Изпрати въпроса");
            await chat.ClickActionAsync("Без имейл");
            await chat.ExpectBubblesAsync("Номерът му е", 1);
            question = Assert.Single(await store.ListAsync([TeamQuestionStatus.Open], 10, Ct));

            await desk.HtmlAsync($"/admin/questions/{question.Id}");
            Assert.Equal(HttpStatusCode.Redirect,
                (await desk.PostAsync($"/admin/questions/{question.Id}/answer", ("reply", "Ремонтът започва през април."))).StatusCode);
            await chat.ExpectBubblesAsync("Ремонтът започва през април.", 1);
            await chat.ClickActionAsync("Не отговаря на въпроса ми");
            await chat.ExpectBubblesAsync("Върнах въпрос " + question.Reference, 1);
        }
        finally
        {
            await chat.ScreenshotAsync(nameof(The_reply_shows_live_in_the_open_page_and_a_later_one_after_reopening_it) + "-live");
        }

        chat.AssertBrowserReportedNoErrors();
        await chat.Page.CloseAsync();

        await desk.HtmlAsync($"/admin/questions/{question.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await desk.PostAsync($"/admin/questions/{question.Id}/not-our-remit",
            ("pointer", "Площадките поддържа район „Лозенец“."))).StatusCode);
        await AskTeamDirectLineTests.WaitDeliveredAsync(store, question.Id);

        var again = await ChatPage.OpenAsync(context, server.BaseAddress);
        try
        {
            await again.ExpectBubblesAsync("Площадките поддържа район „Лозенец“.", 1);
            await again.ExpectBubblesAsync("Ремонтът започва през април.", 1);
        }
        finally
        {
            await again.ScreenshotAsync(nameof(The_reply_shows_live_in_the_open_page_and_a_later_one_after_reopening_it) + "-reopened");
        }

        again.AssertBrowserReportedNoErrors();
    }
}
