using System.Globalization;
using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Language;

namespace Assistant.Core.Dialogs.Prompts;

/// <summary>
/// A yes/no question with two buttons, and the one place that reads yes or no in Bulgarian and English: either
/// button's title in either language, the question's own synonyms, then the words that mean yes or no anywhere ("да",
/// "добре", "ok", "не", "nope", and "da"/"ne" typed in Latin). Dialogs whose frame must keep its own state use
/// <see cref="Recognize(string, ConfirmChoices)"/> and <see cref="Buttons"/> without running the prompt.
/// </summary>
public sealed class ConfirmPrompt(string id = ConfirmPrompt.DefaultId) : Prompt<bool>(id)
{
    public const string DefaultId = "prompt-confirm";

    // The values the two choices keep in the frame's PromptOptions.
    private const string YesValue = "yes";
    private const string NoValue = "no";

    private static readonly HashSet<string> YesWords = Folded(
        "да", "d", "da", "добре", "разбира се", "съгласен", "съгласна", "съгласявам се",
        "yes", "y", "yeah", "yep", "sure", "ok", "okay", "agree", "i agree");

    private static readonly HashSet<string> NoWords = Folded(
        "не", "ne", "не благодаря",
        "no", "n", "nope", "no thanks");

    /// <summary>What the prompt keeps in its frame: the question and its two answers.</summary>
    public static PromptOptions Options(LocalizedText prompt, ConfirmChoices choices, int maxAttempts = 3) => new()
    {
        Prompt = prompt,
        Choices =
        [
            new PromptChoice(YesValue, choices.Yes, choices.YesSynonyms),
            new PromptChoice(NoValue, choices.No, choices.NoSynonyms),
        ],
        MaxAttempts = maxAttempts,
    };

    /// <summary>True for yes, false for no, null when the text is neither.</summary>
    public static bool? Recognize(string text, ConfirmChoices choices)
    {
        var folded = TextNormalizer.Fold(text);
        if (folded.Length == 0)
        {
            return null;
        }

        // The buttons first: a title is an answer even when it is no common word ("Продължи", "Stop the survey").
        if (Names(choices.Yes, choices.YesSynonyms).Contains(folded))
        {
            return true;
        }

        if (Names(choices.No, choices.NoSynonyms).Contains(folded))
        {
            return false;
        }

        return YesWords.Contains(folded) ? true : NoWords.Contains(folded) ? false : null;
    }

    /// <summary>The yes and the no button, in that order, titled in the given language.</summary>
    public static IReadOnlyList<CardAction> Buttons(string lang, ConfirmChoices choices) =>
    [
        CardAction.ImBack(choices.Yes.Get(lang), choices.Yes.Get(lang)),
        CardAction.ImBack(choices.No.Get(lang), choices.No.Get(lang)),
    ];

    protected override void Ask(TurnContext turn, PromptOptions options) =>
        turn.Reply(options.Prompt.Get(turn.Language), Buttons(turn.Language, ChoicesOf(options)));

    protected override Recognition<bool> Recognize(TurnContext turn, PromptOptions options)
    {
        // The retry hint is the choice prompt's "pick a button or type its number", so "1" and "2" pick a button here too.
        if (int.TryParse(TextNormalizer.Fold(turn.Text), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number is 1 or 2)
        {
            return Recognition<bool>.Success(number == 1);
        }

        return Recognize(turn.Text, ChoicesOf(options)) is { } yes
            ? Recognition<bool>.Success(yes)
            : Recognition<bool>.Failure("prompt.choice-hint");
    }

    private static ConfirmChoices ChoicesOf(PromptOptions options)
    {
        var yes = options.Choices.Find(c => c.Value == YesValue);
        var no = options.Choices.Find(c => c.Value == NoValue);
        if (yes is null || no is null)
        {
            throw new ArgumentException("A confirm prompt needs the options made by ConfirmPrompt.Options.", nameof(options));
        }

        return new ConfirmChoices(yes.Title, no.Title, yes.Synonyms, no.Synonyms);
    }

    private static HashSet<string> Names(LocalizedText title, IReadOnlyList<string>? synonyms) =>
        Folded([title.Bg, title.En, .. synonyms ?? []]);

    private static HashSet<string> Folded(params string[] words) =>
        words.Select(TextNormalizer.Fold).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);
}
