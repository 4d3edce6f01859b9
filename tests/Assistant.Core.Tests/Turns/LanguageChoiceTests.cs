using System.Text.Json.Nodes;

namespace Assistant.Core.Tests.Turns;

/// <summary>
/// Which language the assistant answers in: a page's language switch (an event) changes it at once and for good; inside a
/// survey only the language command or button changes it, never an answer that happens to be written in another language.
/// </summary>
public sealed class LanguageChoiceTests
{
    [Fact]
    public async Task An_English_answer_inside_a_Bulgarian_survey_keeps_the_survey_in_Bulgarian()
    {
        await new TestFlow(new TestBot(), locale: "bg-BG").Join().SkipReplies()
            .Send("/survey workshop-feedback").SkipReplies()
            .Send("Съгласен/на съм").ExpectReply("Въпрос 1 от")
            .Send("5").ExpectReply("Въпрос 2 от")
            .Send("4").ExpectReply("Въпрос 3 от")
            .Send("Shorter presentations, more Q&A")
            .ExpectReply(a =>
            {
                Assert.Contains("Бихте ли участвали отново", a.Text, StringComparison.Ordinal);
                Assert.StartsWith("Въпрос 4 от", a.Text, StringComparison.Ordinal);
                Assert.Equal(["Да", "Не"], a.SuggestedActions!.Actions.Take(2).Select(b => b.Title));
            });
    }

    [Fact]
    public async Task The_language_command_inside_a_survey_switches_it_and_asks_the_question_again()
    {
        await new TestFlow(new TestBot(), locale: "bg-BG").Join().SkipReplies()
            .Send("/survey workshop-feedback").SkipReplies()
            .Send("Съгласен/на съм").SkipReplies()
            .Send("English")
            .ExpectReply("we continue in English")
            .ExpectReply("How would you rate the workshop overall?");
    }

    [Fact]
    public async Task Outside_a_survey_a_message_in_English_is_still_answered_in_English()
    {
        await new TestFlow(new TestBot(), locale: "bg-BG").Join().SkipReplies()
            .Send("What is the Intelligent Cities Challenge?")
            .ExpectReply(a => Assert.Equal("en-US", a.Locale));
    }

    [Fact]
    public async Task The_pages_language_switch_greets_again_in_English_with_the_English_menu()
    {
        await new TestFlow(new TestBot(), locale: "bg-BG").Join()
            .ExpectReply("Здравейте").SkipReplies()
            .SendEvent(LanguageCommand.EventName, JsonValue.Create("en"))
            .ExpectReply("Hello! I am the digital assistant")
            .ExpectButtons("Ask a question", "Ask the team", "Surveys", "My data", "Help", "Български / English")
            .ExpectNoMoreReplies();
    }

    [Fact]
    public async Task The_switch_is_remembered_in_the_users_next_conversation()
    {
        var bot = new TestBot();
        await new TestFlow(bot, "conv-1", "user-1", "bg-BG").Join().SkipReplies()
            .SendEvent(LanguageCommand.EventName, JsonValue.Create("en")).SkipReplies();

        await new TestFlow(bot, "conv-2", "user-1", "bg-BG").Join()
            .ExpectReply("Hello! I am the digital assistant");
    }

    [Fact]
    public async Task The_switch_inside_a_survey_asks_the_current_question_in_the_new_language()
    {
        await new TestFlow(new TestBot(), locale: "bg-BG").Join().SkipReplies()
            .Send("/survey workshop-feedback").SkipReplies()
            .Send("Съгласен/на съм").SkipReplies()
            .SendEvent(LanguageCommand.EventName, JsonValue.Create("en"))
            .ExpectReply("we continue in English")
            .ExpectReply("How would you rate the workshop overall?")
            .SendEvent(LanguageCommand.EventName, JsonValue.Create("bg"))
            .ExpectReply("продължаваме на български")
            .ExpectReply("Как оценявате работната среща като цяло?");
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("")]
    public async Task A_language_event_for_another_language_changes_nothing(string value)
    {
        await new TestFlow(new TestBot(), locale: "bg-BG").Join().SkipReplies()
            .SendEvent(LanguageCommand.EventName, JsonValue.Create(value))
            .ExpectNoMoreReplies()
            .Send("помощ")
            .ExpectReply("Ето как");
    }
}
