namespace Assistant.Core.Tests.Privacy;

/// <summary>The erase question reads yes and no like every yes/no question, and a question asked before still counts.</summary>
public sealed class ForgetConfirmationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("yes", "изтрих всичко")]
    [InlineData("Yes, erase everything", "I have erased everything")]   // English words: the reply is in English
    [InlineData("1", "изтрих всичко")]
    public async Task A_yes_typed_in_either_language_or_the_first_buttons_number_erases(string answer, string reply)
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("/forget").SkipReplies()
            .Send(answer)
            .ExpectReply(reply)
            .ExpectNoMoreReplies();
    }

    [Fact]
    public async Task A_non_answer_asks_again_and_a_second_one_keeps_everything()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("/forget").SkipReplies()
            .Send("може би")
            .ExpectReply("изберете един от бутоните")
            .ExpectButtons("Да, изтрий всичко", "Не, запази ги")
            .Send("не знам")
            .ExpectReply("не се разбираме")
            .ExpectReply("нищо не е изтрито")
            .ExpectNoMoreReplies();

        var data = await bot.ParticipantData!.ExportAsync(bot.Participants.For("test", "user-1"), Ct);
        Assert.Single(data.Conversations);
    }

    [Fact]
    public async Task After_the_language_question_in_between_the_erase_question_is_asked_again_in_the_new_language()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("/forget").SkipReplies()
            .Send("език").SkipReplies()
            .Send("2")
            .ExpectReply("we continue in English")
            .ExpectReply(a =>
            {
                Assert.StartsWith("Shall I erase everything", a.Text, StringComparison.Ordinal);
                Assert.Equal(["Yes, erase everything", "No, keep it"], a.SuggestedActions!.Actions.Select(b => b.Title));
            })
            .Send("no")
            .ExpectReply("nothing has been erased");
    }

    [Theory]
    [InlineData("Да, изтрий всичко", "изтрих всичко")]
    [InlineData("Не, запази ги", "нищо не е изтрито")]
    public async Task A_question_saved_when_it_was_a_choice_prompt_above_the_dialog_is_still_answered(string answer, string reply)
    {
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        await flow.Join().SkipReplies();
        var saved = await bot.State.ReadAsync(flow.Key.StateKey, Ct);
        await bot.State.WriteAsync(flow.Key.StateKey, LegacyForgetQuestion, saved!.ETag, Ct);

        await flow.Send(answer)
            .ExpectReply(reply)
            .ExpectNoMoreReplies();
    }

    /// <summary>The conversation as stored by the code that asked the erase question with a ChoicePrompt child.</summary>
    private const string LegacyForgetQuestion = """
        {
          "stack": [
            { "dialogId": "forget" },
            {
              "dialogId": "prompt-choice",
              "state": {
                "options": {
                  "prompt": { "bg": "Да изтрия ли всичко?", "en": "Shall I erase everything?" },
                  "choices": [
                    { "value": "yes", "title": { "bg": "Да, изтрий всичко", "en": "Yes, erase everything" }, "synonyms": ["да", "yes", "изтрий", "delete"] },
                    { "value": "no", "title": { "bg": "Не, запази ги", "en": "No, keep it" }, "synonyms": ["не", "no", "отказ", "cancel"] }
                  ],
                  "maxAttempts": 2,
                  "maxLength": 1000
                },
                "attempts": 0
              }
            }
          ],
          "textLanguage": "bg",
          "pausedSurveys": {},
          "participantLinked": true,
          "greeted": true
        }
        """;
}
