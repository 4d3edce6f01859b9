using Assistant.Core.Content;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Prompts;
using Assistant.Core.Language;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Dialogs;

public sealed class ConfirmPromptTests
{
    private static readonly Lazy<TextCatalog> Texts = new(() => TextCatalogLoader.Load(TestPaths.DialogsFolder));

    private static readonly ConfirmChoices Erase = new(
        new LocalizedText("Да, изтрий всичко", "Yes, erase everything"),
        new LocalizedText("Не, запази ги", "No, keep it"),
        YesSynonyms: ["изтрий"],
        NoSynonyms: ["запази"]);

    private static readonly ConfirmChoices Resume = new(
        new LocalizedText("Продължи", "Continue"),
        new LocalizedText("Започни отначало", "Start over"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Да, изтрий всичко")]
    [InlineData("Yes, erase everything")]
    [InlineData("yes, ERASE everything!")]
    [InlineData("изтрий")]
    public void A_button_title_in_either_language_or_a_synonym_of_the_question_is_its_answer(string text) =>
        Assert.True(ConfirmPrompt.Recognize(text, Erase));

    [Theory]
    [InlineData("Не, запази ги")]
    [InlineData("No, keep it")]
    [InlineData("запази")]
    public void The_no_button_and_its_synonyms_are_no(string text) =>
        Assert.False(ConfirmPrompt.Recognize(text, Erase));

    [Theory]
    [InlineData("да")]
    [InlineData("Да!")]
    [InlineData("добре")]
    [InlineData("разбира се")]
    [InlineData("съгласна")]
    [InlineData("da")]
    [InlineData("yes")]
    [InlineData("Yep")]
    [InlineData("ok")]
    [InlineData("I agree")]
    public void Typed_yes_words_of_both_languages_are_yes_whatever_the_buttons_say(string text)
    {
        Assert.True(ConfirmPrompt.Recognize(text, Erase));
        Assert.True(ConfirmPrompt.Recognize(text, Resume));
    }

    [Theory]
    [InlineData("не")]
    [InlineData("Не.")]
    [InlineData("не, благодаря")]
    [InlineData("ne")]
    [InlineData("no")]
    [InlineData("nope")]
    [InlineData("No thanks")]
    public void Typed_no_words_of_both_languages_are_no_whatever_the_buttons_say(string text)
    {
        Assert.False(ConfirmPrompt.Recognize(text, Erase));
        Assert.False(ConfirmPrompt.Recognize(text, Resume));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("може би")]
    [InlineData("maybe")]
    [InlineData("1")]
    [InlineData("да изтрия ли")]
    public void Anything_else_is_neither(string text) =>
        Assert.Null(ConfirmPrompt.Recognize(text, Erase));

    [Fact]
    public void Titles_that_are_no_common_word_answer_their_own_question_only()
    {
        Assert.True(ConfirmPrompt.Recognize("продължи", Resume));
        Assert.False(ConfirmPrompt.Recognize("Start over", Resume));
        Assert.Null(ConfirmPrompt.Recognize("изтрий", Resume));
        Assert.Null(ConfirmPrompt.Recognize("Продължи", Erase));
    }

    [Fact]
    public void The_buttons_are_yes_then_no_in_the_language_asked()
    {
        Assert.Equal(["Да, изтрий всичко", "Не, запази ги"], ConfirmPrompt.Buttons(Lang.Bg, Erase).Select(b => b.Title));
        Assert.Equal(["Yes, erase everything", "No, keep it"], ConfirmPrompt.Buttons(Lang.En, Erase).Select(b => (string?)b.Value));
    }

    [Fact]
    public async Task As_a_dialog_it_asks_with_two_buttons_and_completes_with_the_answer()
    {
        var conversation = new ConversationState();
        var begun = await BeginAsync(conversation);
        Assert.Equal(DialogStatus.Waiting, begun.Result.Status);
        var question = Assert.Single(begun.Replies);
        Assert.Equal("Да изтрия ли?", question.Text);
        Assert.Equal(["Да, изтрий всичко", "Не, запази ги"], question.SuggestedActions!.Actions.Select(a => a.Title));

        var answered = await ContinueAsync(conversation, "Yes, erase everything");

        Assert.Equal(DialogStatus.Complete, answered.Result.Status);
        Assert.True(answered.Result.As<bool>());
        Assert.Empty(answered.Replies);
        Assert.Empty(conversation.Stack);
    }

    [Fact]
    public async Task As_a_dialog_a_non_answer_gets_the_hint_and_the_question_again()
    {
        var conversation = new ConversationState();
        await BeginAsync(conversation);

        var retried = await ContinueAsync(conversation, "може би");

        Assert.Equal(DialogStatus.Waiting, retried.Result.Status);
        Assert.Equal(2, retried.Replies.Count);
        Assert.Equal(Texts.Value.Get(Lang.Bg, "prompt.choice-hint"), retried.Replies[0].Text);
        Assert.Equal("Да изтрия ли?", retried.Replies[1].Text);
        Assert.Equal(["Да, изтрий всичко", "Не, запази ги"], retried.Replies[1].SuggestedActions!.Actions.Select(a => a.Title));

        var answered = await ContinueAsync(conversation, "не");
        Assert.Equal(DialogStatus.Complete, answered.Result.Status);
        Assert.False(answered.Result.As<bool>());
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("2", false)]
    public async Task As_a_dialog_the_button_number_its_hint_offers_picks_the_button(string text, bool expected)
    {
        var conversation = new ConversationState();
        await BeginAsync(conversation);

        var answered = await ContinueAsync(conversation, text);

        Assert.Equal(expected, answered.Result.As<bool>());
    }

    [Fact]
    public async Task As_a_dialog_it_gives_up_after_the_attempts_allowed()
    {
        var conversation = new ConversationState();
        await BeginAsync(conversation, maxAttempts: 2);
        await ContinueAsync(conversation, "може би");

        var gaveUp = await ContinueAsync(conversation, "не знам");

        Assert.Equal(DialogStatus.Cancelled, gaveUp.Result.Status);
        Assert.Equal(Texts.Value.Get(Lang.Bg, "prompt.too-many-attempts"), Assert.Single(gaveUp.Replies).Text);
        Assert.Empty(conversation.Stack);
    }

    private static async Task<(DialogResult Result, IReadOnlyList<Activity> Replies)> BeginAsync(ConversationState conversation, int maxAttempts = 3)
    {
        var (dc, turn) = Context(conversation, "");
        var result = await dc.BeginDialogAsync(ConfirmPrompt.DefaultId,
            ConfirmPrompt.Options(new LocalizedText("Да изтрия ли?", "Shall I erase?"), Erase, maxAttempts), Ct);
        return (result, turn.Replies);
    }

    private static async Task<(DialogResult Result, IReadOnlyList<Activity> Replies)> ContinueAsync(ConversationState conversation, string text)
    {
        var (dc, turn) = Context(conversation, text);
        var result = await dc.ContinueDialogAsync(Ct);
        return (result!, turn.Replies);
    }

    private static (DialogContext Dc, TurnContext Turn) Context(ConversationState conversation, string text)
    {
        var turn = new TurnContext(new Activity { Type = ActivityTypes.Message, Text = text }, new ConversationKey("test", "confirm"),
            conversation, new UserState { Language = Lang.Bg }, Texts.Value, TimeProvider.System);
        return (new DialogContext(turn, new DialogRegistry([new ConfirmPrompt()])), turn);
    }
}
