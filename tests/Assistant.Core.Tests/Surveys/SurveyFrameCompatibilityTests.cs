using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Surveys;

/// <summary>
/// Frames of surveys in progress live in stored conversations: one written by an earlier version of the survey dialog
/// (the JSON below, as it stored it) goes on where it stopped.
/// </summary>
public sealed class SurveyFrameCompatibilityTests
{
    private const string EGov = "e-government-participation";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_multi_choice_selection_with_its_other_text_is_finished()
    {
        var (bot, flow, responseId) = await SeedAsync(responseId => $$"""
            "phase": 2,
            "questionId": "obstacles",
            "attempts": 0,
            "selected": ["complicated", "other"],
            "answers": {
              "e-services-use": "{\"option\":\"often\"}",
              "satisfaction": "{\"value\":2}",
              "satisfaction-why": "{\"text\":\"Трудно\"}",
              "__other:obstacles": "Няма ги на едно място"
            },
            "responseId": "{{responseId}}"
            """);

        await flow.Send("Готово")
            .ExpectReply(a =>
            {
                Assert.StartsWith("Въпрос 5 от", a.Text, StringComparison.Ordinal);
                Assert.Equal(11, a.SuggestedActions!.Actions.Count);
            });

        var answers = (await bot.Responses.GetAnswersAsync(responseId, Ct)).ToDictionary(a => a.QuestionId, a => a.ValueJson);
        Assert.Equal("""{"options":["complicated","other"],"other":"Няма ги на едно място"}""", answers["obstacles"]);
    }

    [Fact]
    public async Task A_pending_confirmation_to_stop_is_answered()
    {
        var (_, flow, _) = await SeedAsync(responseId => $$"""
            "phase": 4,
            "questionId": "satisfaction",
            "attempts": 0,
            "selected": [],
            "answers": { "e-services-use": "{\"option\":\"often\"}" },
            "responseId": "{{responseId}}"
            """);

        await flow.Send("Не, продължавам")
            .ExpectReply("Въпрос 2 от");
    }

    [Fact]
    public async Task A_pending_offer_to_resume_is_answered()
    {
        var (_, flow, _) = await SeedAsync(responseId => $$"""
            "phase": 0,
            "attempts": 0,
            "selected": [],
            "answers": {},
            "resumableResponseId": "{{responseId}}"
            """);

        await flow.Send("Продължи")
            .ExpectReply("Въпрос 2 от");
    }

    /// <summary>A response with its first answer stored, and the conversation as the earlier dialog left it.</summary>
    private static async Task<(TestBot Bot, TestFlow Flow, Guid ResponseId)> SeedAsync(Func<Guid, string> stateProperties)
    {
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        var survey = TestBot.Surveys.Find(EGov)!;
        var responseId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await bot.Responses.StartAsync(new SurveyResponse(responseId, EGov, survey.Version, bot.Participants.For("test", "user-1"),
            "test", now, null, ResponseStatus.InProgress), Ct);
        await bot.Responses.SaveAnswerAsync(new SurveyAnswer(responseId, "e-services-use", """{"option":"often"}""", now), Ct);

        var conversation = $$"""
            {
              "stack": [
                {
                  "dialogId": "survey",
                  "contentVersion": "{{survey.Hash}}",
                  "state": {
                    "surveyId": "{{EGov}}",
                    "hash": "{{survey.Hash}}",
                    {{stateProperties(responseId)}}
                  }
                }
              ],
              "textLanguage": "bg",
              "pausedSurveys": {},
              "participantLinked": true,
              "greeted": true
            }
            """;
        await bot.State.WriteAsync(flow.Key.StateKey, conversation, null, Ct);
        return (bot, flow, responseId);
    }
}
