using System.Globalization;
using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Language;

namespace Assistant.Core.Dialogs.Prompts;

/// <summary>One of a list: shown as buttons; typed answers by number, title (either language) or synonym also count.</summary>
public sealed class ChoicePrompt(string id = ChoicePrompt.DefaultId) : Prompt<string>(id)
{
    public const string DefaultId = "prompt-choice";

    protected override void Ask(TurnContext turn, PromptOptions options) =>
        turn.Reply(options.Prompt.Get(turn.Language),
            options.Choices.Select(c => CardAction.ImBack(c.Title.Get(turn.Language), c.Title.Get(turn.Language))));

    protected override Recognition<string> Recognize(TurnContext turn, PromptOptions options)
    {
        var folded = TextNormalizer.Fold(turn.Text);
        if (folded.Length == 0)
        {
            return Recognition<string>.Failure("prompt.choice-hint");
        }

        if (int.TryParse(folded, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number >= 1 && number <= options.Choices.Count)
        {
            return Recognition<string>.Success(options.Choices[number - 1].Value);
        }

        foreach (var choice in options.Choices)
        {
            var names = new[] { choice.Value, choice.Title.Bg, choice.Title.En }.Concat(choice.Synonyms ?? []);
            if (names.Any(n => TextNormalizer.Fold(n) == folded))
            {
                return Recognition<string>.Success(choice.Value);
            }
        }

        return Recognition<string>.Failure("prompt.choice-hint");
    }
}
