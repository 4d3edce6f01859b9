using Assistant.Core.Surveys;
using Assistant.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.BotConnector;

public sealed class BotConnectorSurveyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_whole_survey_runs_over_api_messages_with_expectReplies()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var url = connector.ServiceUrl;

        async Task<string> SayAsync(string text)
        {
            var replies = await BotActivities.ExchangeAsync(server, BotActivities.Message(url, text), connector.CreateToken(), Ct);
            Assert.NotEmpty(replies);
            return string.Join("\n", replies.Select(BotActivities.TextOf));
        }

        Assert.Contains("Съгласни ли сте", await SayAsync("/survey workshop-feedback"), StringComparison.Ordinal);
        Assert.Contains("Въпрос 1 от", await SayAsync("Съгласен/на съм"), StringComparison.Ordinal);
        Assert.Contains("Въпрос 2 от", await SayAsync("5"), StringComparison.Ordinal);
        Assert.Contains("Въпрос 3 от", await SayAsync("3"), StringComparison.Ordinal);
        Assert.Contains("Въпрос 4 от", await SayAsync("Пропусни"), StringComparison.Ordinal);
        Assert.Contains("Въпрос 5 от", await SayAsync("Да"), StringComparison.Ordinal);
        Assert.Contains("Въпрос 6 от", await SayAsync("На място"), StringComparison.Ordinal);
        Assert.Contains("Благодарим", await SayAsync("Академичните среди"), StringComparison.Ordinal);
        Assert.Empty(connector.Posts);

        // The survey is anonymous: the answers are in storage, linked to no participant.
        var responses = server.Services.GetRequiredService<ISurveyResponseStore>();
        var key = server.Services.GetRequiredService<ParticipantKeys>().For("msteams", BotActivities.TeamsUserId);
        Assert.Empty(await responses.FindByParticipantAsync("workshop-feedback", key, Ct));
        Assert.Single(await responses.GetConsentsAsync(key, Ct));
    }
}
