using Assistant.Core.Surveys.Publications;
using Assistant.Web.Announcements;
using Assistant.Web.Tests.Admin;
using Assistant.Web.Tests.Support;
using Assistant.Web.Tests.TeamQuestions;
using Assistant.Web.Tests.Telegram;
using Microsoft.Extensions.DependencyInjection;
using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Publications;

/// <summary>
/// Results back to participants through the real channels: Telegram.Bot against the Bot API stand-in (the announcement
/// to the results subscribers, "/results") and Direct Line ("/results", a closed survey refusing a start).
/// </summary>
public sealed class ResultsChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publishing_with_an_announcement_reaches_each_results_subscriber_once_in_their_language_and_slash_results_links_the_page()
    {
        await using var telegram = TelegramTestServer.Start();
        await telegram.DeliverAsync(BotApiUpdates.Text(7301, 7301, "/subscribe results"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(7302, 7302, "/subscribe results"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(7303, 7303, "English", languageCode: "en"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(7303, 7303, "/subscribe results", languageCode: "en"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(7304, 7304, "/subscribe surveys"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(7301, 7301, "/results"), Ct);
        Assert.Contains(telegram.TextsTo(7301), t => t.StartsWith("Все още няма публикувани резултати от анкетите.", StringComparison.Ordinal));
        var responses = telegram.Server.Services.GetRequiredService<ISurveyResponseStore>();
        for (var i = 0; i < 6; i++)
        {
            await RespondAsync(responses, DateTimeOffset.UtcNow.AddMinutes(-i), survey: AnonymousSurvey, answers: ("overall-rating", Number(5)));
        }

        using var admin = await TeamDesk.SignInAsync(telegram.Server);
        await PublicationDesk.CloseAsync(admin, AnonymousSurvey);
        var published = await PublicationDesk.PublishAsync(admin, AnonymousSurvey, announce: true);
        Assert.Contains("Резултатите са публикувани и съобщението до абонатите е изпратено за доставка.", published, StringComparison.Ordinal);

        var store = telegram.Server.Services.GetRequiredService<IAnnouncementStore>();
        var announcement = Assert.Single(await store.ListAsync(10, Ct));
        Assert.Equal("results", announcement.Topic);
        await WaitUntilAsync(async () => (await store.GetAsync(announcement.Id, Ct))!.State == AnnouncementState.Done);
        Assert.Equal(new AnnouncementCounts(0, 0, 3, 0, 0), await store.CountAsync(announcement.Id, Ct));
        var link = $"{telegram.Server.BaseAddress.ToString().TrimEnd('/')}/results/{AnonymousSurvey}";
        Assert.Single(telegram.TextsTo(7301), t => t.Contains("Публикувахме резултатите от анкетата", StringComparison.Ordinal) && t.Contains(link + "?lang=bg", StringComparison.Ordinal));
        Assert.Single(telegram.TextsTo(7302), t => t.Contains("Публикувахме резултатите от анкетата", StringComparison.Ordinal));
        Assert.Single(telegram.TextsTo(7303), t => t.Contains("are out", StringComparison.Ordinal) && t.Contains(link + "?lang=en", StringComparison.Ordinal));
        Assert.DoesNotContain(telegram.TextsTo(7304), t => t.Contains(link, StringComparison.Ordinal));

        await telegram.DeliverAsync(BotApiUpdates.Text(7302, 7302, "резултати"), Ct);
        var answer = telegram.TextsTo(7302).Last(t => t.StartsWith("Публикувани резултати", StringComparison.Ordinal));
        Assert.Contains($"<a href=\"{link}?lang=bg\">", answer, StringComparison.Ordinal);
        using var visitor = new HttpClient { BaseAddress = telegram.Server.BaseAddress };
        var page = await visitor.GetStringAsync($"/results/{AnonymousSurvey}?lang=bg", Ct);
        Assert.Contains("Попълнена докрай от 6 души.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_direct_line_slash_results_says_none_then_links_the_published_page_and_a_closed_survey_does_not_start()
    {
        await using var server = AssistantServer.Start();
        using var http = server.NewClient();
        var client = await DirectLineClient.StartAsync(http, Ct);
        var mark = await client.SayAsync("/results", "Все още няма публикувани резултати от анкетите.", "0", Ct);

        var publications = server.Services.GetRequiredService<ISurveyPublicationStore>();
        await publications.CloseAsync(Survey, "ada", DateTimeOffset.UtcNow, Ct);
        await publications.PublishAsync(Survey, "https://assistant.example.org/results/" + Survey, "{}", "ada", DateTimeOffset.UtcNow, Ct);

        mark = await client.SayAsync("results", "- [Електронно управление и гражданско участие в София](https://assistant.example.org/results/e-government-participation?lang=bg)", mark, Ct);
        await client.SayAsync("/survey " + Survey, "Анкетата „Електронно управление и гражданско участие в София“ вече е затворена.", mark, Ct);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        while (!await done())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
