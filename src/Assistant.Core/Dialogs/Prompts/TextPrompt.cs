using Assistant.Core.Conversation;

namespace Assistant.Core.Dialogs.Prompts;

/// <summary>Free text up to <see cref="PromptOptions.MaxLength"/> characters.</summary>
public sealed class TextPrompt(string id = TextPrompt.DefaultId) : Prompt<string>(id)
{
    public const string DefaultId = "prompt-text";

    protected override void Ask(TurnContext turn, PromptOptions options) => turn.Reply(options.Prompt.Get(turn.Language));

    protected override Recognition<string> Recognize(TurnContext turn, PromptOptions options)
    {
        var text = turn.Text;
        if (text.Length == 0)
        {
            return Recognition<string>.Failure("prompt.text-empty");
        }

        return text.Length > options.MaxLength
            ? Recognition<string>.Failure("prompt.text-too-long")
            : Recognition<string>.Success(text);
    }
}
